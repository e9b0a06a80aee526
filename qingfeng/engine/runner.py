"""Run the rule catalogue over one set of registry tables and record the run.

``run(hub, bundle_or_tables)`` is the Python API the CLI and the web app's adapter
call. Every rule is rendered for DuckDB from its data file; shared views and the
fuzzy identity tables are built once per run as temporary tables.
"""

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from qingfeng.engine import clock, exclusions, identity, normalize, runs, workspace
from qingfeng.engine.hits import Hit, hit_key, plain, shape_evidence
from qingfeng.engine.rulebook import PYTHON_VIEWS, Rulebook, RuleError
from qingfeng.engine.schema import REGISTRIES


@dataclass
class RunResult:
    run_id: str
    hits: list[Hit]
    counts: dict[str, int]
    timings: dict[str, float]
    new_keys: set[str]
    gone_keys: set[str]
    skipped: dict[str, str] = field(default_factory=dict)  # rule -> reason
    previous_run_id: str | None = None
    params: dict[str, dict] = field(default_factory=dict)
    excluded: list = field(default_factory=list)  # (hit, exclusions.Exclusion) left out by an exception


def _inputs(bundle_or_tables) -> tuple[dict[str, str], dict[str, dict]]:
    """Logical registry -> physical table, and what is known about each input."""
    if hasattr(bundle_or_tables, "tables"):
        tables = dict(bundle_or_tables.tables)
        inputs = {}
        for key, report in getattr(bundle_or_tables, "reports", {}).items():
            inputs[key] = {name: plain(getattr(report, name, None)) for name in (
                "snapshot_id", "table", "source", "sha256", "rows_read", "rows_accepted",
                "rows_rejected", "rows_flagged")}
    else:
        tables = dict(bundle_or_tables)
        inputs = {key: {"table": table} for key, table in tables.items()}
    unknown = set(tables) - set(REGISTRIES)
    if unknown:
        raise RuleError(f"未知登记表 / unknown registries: {sorted(unknown)}")
    return tables, inputs


def _normalise_params(book: Rulebook, params) -> dict[str, dict]:
    if params is None:
        return {}
    if isinstance(params, (list, tuple)):
        return book.parse_overrides(list(params))
    for rule_id, values in params.items():
        book.get(rule_id).params(values)  # validates the names
    return {rule_id.upper(): dict(values) for rule_id, values in params.items()}


def _notify(progress, step: str, done: int, total: int) -> None:
    if progress:
        progress(step, done, total)


def _fill_signoffs(con, table: str, signoffs) -> int:
    """The village_signoffs relation: (village_code, voucher_no, held_on) rows, codes and
    voucher numbers normalised as the importer does (no whitespace), or empty."""
    workspace.create_empty(con, workspace.SIGNOFFS, table)
    rows = []
    for village_code, voucher_no, held_on in signoffs or ():
        code, voucher = normalize.clean_code(village_code), normalize.clean_code(voucher_no)
        if code and voucher and held_on is not None:
            rows.append((code, voucher, held_on))
    if rows:  # one Arrow table: executemany costs seconds per 100,000 rows
        codes, vouchers, days = zip(*rows)
        arrow = pa.table({"village_code": pa.array(codes, pa.string()), "voucher_no": pa.array(vouchers, pa.string()),
                          "held_on": pa.array(days, pa.date32())})
        con.register("_qf_signoff_rows", arrow)
        try:
            con.execute(f"INSERT INTO {table} SELECT village_code, voucher_no, held_on FROM _qf_signoff_rows")
        finally:
            con.unregister("_qf_signoff_rows")
    return len(rows)


def run(hub, bundle_or_tables, params=None, rule_ids=None, as_of: date | None = None, progress=None,
        rulebook: Rulebook | None = None, save: bool = True, signoffs=None, exceptions=None) -> RunResult:
    """``signoffs``: (village_code, voucher_no, held_on) of the finance entries signed off at
    monthly meetings (the application's records; R15 and R17 count them as reviewed when
    held_on >= booked_on). None: none known, the bundle's `reviewed` column alone decides.
    ``exceptions``: exclusions.Exclusion items; their hits are left out (``result.excluded``)."""
    con = getattr(hub, "con", hub)
    book = rulebook or Rulebook.load()
    overrides = _normalise_params(book, params)
    tables, inputs = _inputs(bundle_or_tables)
    started = clock.now()
    run_id = started.strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:8]
    prefix = f"_qf_{run_id[-8:]}_"
    selected = [book.get(r) for r in rule_ids] if rule_ids else list(book.rules.values())

    skipped, runnable = {}, []
    for rule in selected:
        missing = [r for r in rule.requires if r not in tables]
        if missing:
            skipped[rule.id] = "缺少登记表 / missing registries: " + ", ".join(missing)
        else:
            runnable.append(rule)

    temp_tables, views, mapping, timings = [], [], dict(tables), {}
    insertion_order = _relax_insertion_order(con)
    try:
        for key in REGISTRIES:
            if key not in mapping:
                mapping[key] = prefix + key
                workspace.create_empty(con, key, mapping[key])
                temp_tables.append(mapping[key])
        mapping[workspace.SIGNOFFS] = prefix + workspace.SIGNOFFS
        temp_tables.append(mapping[workspace.SIGNOFFS])
        signed = _fill_signoffs(con, mapping[workspace.SIGNOFFS], signoffs)
        if signoffs is not None:
            inputs[workspace.SIGNOFFS] = {"source": "application", "rows": signed}
        began = time.perf_counter()
        readers = book.view_readers(runnable)
        for name in book.views_needed(runnable):
            physical = prefix + name
            _notify(progress, f"view {name}", 0, 1)
            if name in PYTHON_VIEWS:
                identity.build(con, identity.SPECS[name], mapping, physical)
                temp_tables.append(physical)
            elif readers.get(name, 0) > 1:  # read by several rules: materialise once
                con.execute(f"CREATE OR REPLACE TEMP TABLE {physical} AS {book.views[name].render('duckdb', mapping)}")
                temp_tables.append(physical)
            else:  # read by one rule: a view, so that rule's filters reach into it
                con.execute(f"CREATE OR REPLACE TEMP VIEW {physical} AS {book.views[name].render('duckdb', mapping)}")
                views.append(physical)
            mapping[name] = physical
        timings["_prepare"] = round(time.perf_counter() - began, 3)

        hits, counts, used_params, materialise_s = [], {}, {}, 0.0
        for done, rule in enumerate(runnable):
            _notify(progress, rule.id, done, len(runnable))
            used_params[rule.id] = rule.params(overrides.get(rule.id))
            began = time.perf_counter()
            rule_hits, python_s = _evaluate(con, rule, mapping, used_params[rule.id])
            timings[rule.id] = round(time.perf_counter() - began, 3)
            materialise_s += python_s
            counts[rule.id] = len(rule_hits)
            hits.extend(rule_hits)
        timings["_materialise"] = round(materialise_s, 3)  # part of the rule times spent in Python
        _notify(progress, "done", len(runnable), len(runnable))
    finally:
        for view in reversed(views):
            con.execute(f"DROP VIEW IF EXISTS {view}")
        for table in temp_tables:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        if insertion_order is not None:
            con.execute(f"SET preserve_insertion_order = {insertion_order}")

    hits, excluded = exclusions.split(hits, exceptions, as_of or clock.today())
    for hit, _exclusion in excluded:
        counts[hit.rule] -= 1
    runs.ensure_tables(con)
    previous = runs.previous_run(con)
    evaluated = [r.id for r in runnable]
    before = runs.keys_of(con, previous, evaluated)
    now = {h.key for h in hits}
    result = RunResult(run_id, hits, counts, timings, now - before, before - now, skipped, previous, used_params, excluded)
    if save:
        runs.save(con, {
            "run_id": run_id, "started_at": started, "as_of": as_of or clock.today(),
            "previous_run_id": previous, "inputs": inputs, "params": used_params, "overrides": overrides,
            "rule_versions": {r.id: r.version for r in runnable}, "counts": counts, "timings": timings,
            "skipped": skipped, "new_hits": len(result.new_keys), "gone_hits": len(result.gone_keys),
        }, hits)
    return result


def _relax_insertion_order(con) -> str | None:
    """Rules never rely on row order (hits are sorted here), so let DuckDB stream
    without keeping it: less memory on big runs. Returns the setting to restore."""
    try:
        before = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
        con.execute("SET preserve_insertion_order = false")
    except Exception:  # noqa: BLE001 - a connection without the setting keeps its default
        return None
    return "true" if before in (True, "true", "True") else "false"


def _evaluate(con, rule, mapping: dict, params: dict) -> tuple[list[Hit], float]:
    """The rule's hits, sorted by key, and the seconds spent turning rows into Hits."""
    cur = con.execute(rule.render("duckdb", mapping, params, evidence_json=True))
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    began = time.perf_counter()
    hits, seen = [], set()
    for row in rows:
        values = dict(zip(names, row))
        key = hit_key(rule.id, rule.key, values)
        if key in seen:
            raise RuleError(f"{rule.id}: 同一命中键出现多次 / the query returned key {key} twice")
        seen.add(key)
        hits.append(Hit(
            rule=rule.id, id_number=values["id_number"], household_id=values["household_id"],
            name=values["name"], payment_id=values["payment_id"], account=values["account"],
            score=float(values["score"]), evidence=shape_evidence(json.loads(values["evidence"])), key=key,
            record=values.get("record"),
        ))
    hits.sort(key=lambda h: h.key)
    return hits, time.perf_counter() - began
