"""Run records in the hub: tables ``runs`` and ``run_hits``.

A run stores what it read (snapshots and checksums), the parameters and rule
versions it used, per-rule counts and timings, and every hit. Comparing with the
previous finished run by hit key tells which hits are new and which are gone.

A run's ``status`` is ``done`` for a county-wide run (the only kind ``previous_run``
takes) or ``village`` for a village-only run (qingfeng.crosscheck.village_run); it is
written with the run, in the same transaction as its hits.
"""

import json

import pyarrow as pa

from qingfeng.engine import clock

RUNS_DDL = """
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, as_of DATE,
  status VARCHAR, previous_run_id VARCHAR, inputs VARCHAR, params VARCHAR, overrides VARCHAR,
  rule_versions VARCHAR, counts VARCHAR, timings VARCHAR, skipped VARCHAR,
  hits INTEGER, new_hits INTEGER, gone_hits INTEGER)
"""
RUN_HITS_DDL = """
CREATE TABLE IF NOT EXISTS run_hits (
  run_id VARCHAR, rule VARCHAR, key VARCHAR, id_number VARCHAR, household_id VARCHAR, name VARCHAR,
  payment_id VARCHAR, account VARCHAR, score DOUBLE, evidence VARCHAR)
"""
HIT_FIELDS = ("run_id", "rule", "key", "id_number", "household_id", "name", "payment_id", "account",
              "score", "evidence", "record")


def ensure_tables(con) -> None:
    con.execute(RUNS_DDL)
    con.execute(RUN_HITS_DDL)
    con.execute("ALTER TABLE run_hits ADD COLUMN IF NOT EXISTS record VARCHAR")  # added with §5


def previous_run(con) -> str | None:
    row = con.execute(
        "SELECT run_id FROM runs WHERE status = 'done' ORDER BY finished_at DESC, run_id DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def keys_of(con, run_id: str | None, rules: list[str]) -> set[str]:
    if not run_id or not rules:
        return set()
    marks = ", ".join("?" for _ in rules)
    rows = con.execute(f"SELECT key FROM run_hits WHERE run_id = ? AND rule IN ({marks})", [run_id, *rules])
    return {key for (key,) in rows.fetchall()}


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


STATUSES = ("done", "village")


def _insert_hits(con, table) -> None:
    con.register("_qf_new_hits", table)
    try:
        fields = ", ".join(HIT_FIELDS)
        con.execute(f"INSERT INTO run_hits ({fields}) SELECT {fields} FROM _qf_new_hits")
    finally:
        con.unregister("_qf_new_hits")


def save(con, record: dict, hits: list, status: str = "done") -> None:
    """Write the run (with its status) and its hits in one transaction: all or nothing."""
    if status not in STATUSES:
        raise ValueError(f"unknown run status {status!r} (known: {', '.join(STATUSES)})")
    table = pa.table({
        "run_id": [record["run_id"]] * len(hits),
        "rule": [h.rule for h in hits], "key": [h.key for h in hits],
        "id_number": [h.id_number for h in hits], "household_id": [h.household_id for h in hits],
        "name": [h.name for h in hits], "payment_id": [h.payment_id for h in hits],
        "account": [h.account for h in hits], "score": pa.array([float(h.score) for h in hits], pa.float64()),
        "evidence": [h.evidence_json() for h in hits], "record": [getattr(h, "record", None) for h in hits],
    }, schema=pa.schema([(n, pa.string()) for n in ("run_id", "rule", "key", "id_number", "household_id",
                                                      "name", "payment_id", "account")]
                        + [("score", pa.float64()), ("evidence", pa.string()), ("record", pa.string())]))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [record["run_id"], record["started_at"], clock.now(), record["as_of"], status, record["previous_run_id"],
             _dump(record["inputs"]), _dump(record["params"]), _dump(record["overrides"]),
             _dump(record["rule_versions"]), _dump(record["counts"]), _dump(record["timings"]),
             _dump(record["skipped"]), len(hits), record["new_hits"], record["gone_hits"]],
        )
        _insert_hits(con, table)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def load(con, run_id: str) -> dict | None:
    cur = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id])
    row = cur.fetchone()
    if row is None:
        return None
    record = dict(zip([d[0] for d in cur.description], row))
    for name in ("inputs", "params", "overrides", "rule_versions", "counts", "timings", "skipped"):
        record[name] = json.loads(record[name]) if record[name] else None
    return record
