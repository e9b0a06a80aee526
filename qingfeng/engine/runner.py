"""Run the rule catalogue over one set of registry tables and record the run.

``run(hub, bundle_or_tables)`` is the Python API the CLI and the web app's adapter
call. Every rule is rendered from its data file for the run's backend (DuckDB, the
hub itself, by default; or Spark); shared views and the fuzzy identity tables are
built once per run as temporary relations. The run is recorded in the hub either way.
"""

import dataclasses
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from qingfeng.engine import backends, clock, exclusions, identity, normalize, runs, series, workspace
from qingfeng.engine.backends.base import Backend, arrow_schema
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


def _signoff_rows(signoffs) -> pa.Table:
    """The village_signoffs relation: (village_code, voucher_no, held_on) rows, codes and
    voucher numbers normalised as the importer does (no whitespace), possibly none."""
    rows = []
    for village_code, voucher_no, held_on in signoffs or ():
        code, voucher = normalize.clean_code(village_code), normalize.clean_code(voucher_no)
        if code and voucher and held_on is not None:
            rows.append((code, voucher, held_on))
    columns = list(zip(*rows)) if rows else [(), (), ()]
    schema = arrow_schema(workspace.SIGNOFFS)  # one Arrow table: executemany costs seconds per 100,000 rows
    return pa.table([pa.array(list(values), field.type) for values, field in zip(columns, schema)], schema=schema)


def run(hub, bundle_or_tables, params=None, rule_ids=None, as_of: date | None = None, progress=None,
        rulebook: Rulebook | None = None, save: bool = True, signoffs=None, exceptions=None,
        backend: str | Backend = "duckdb") -> RunResult:
    """``signoffs``: (village_code, voucher_no, held_on) of the finance entries signed off at
    monthly meetings (the application's records; R15 and R17 count them as reviewed when
    held_on >= booked_on). None: none known, the bundle's `reviewed` column alone decides.
    ``exceptions``: exclusions.Exclusion items; their hits are left out (``result.excluded``).
    ``backend``: "duckdb", "spark" or a Backend; the run is recorded in the hub either way.
    A backend named here is built for the run and closed after it; a Backend passed in
    stays open (the caller may run again on it, and closes it)."""
    con = getattr(hub, "con", hub)
    owned = isinstance(backend, str)
    engine = backends.get(backend, con) if owned else backend
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

    made, timings = [], {}
    try:
        mapping = engine.inputs(tables)
        for key in REGISTRIES:
            if key not in mapping:
                mapping[key] = prefix + key
                engine.empty(key, mapping[key])
                made.append(mapping[key])
        mapping[workspace.SIGNOFFS] = prefix + workspace.SIGNOFFS
        signed = _signoff_rows(signoffs)
        engine.register(mapping[workspace.SIGNOFFS], signed)
        made.append(mapping[workspace.SIGNOFFS])
        if signoffs is not None:
            inputs[workspace.SIGNOFFS] = {"source": "application", "rows": signed.num_rows}
        began = time.perf_counter()
        readers = book.view_readers(runnable)
        for name in book.views_needed(runnable):
            physical = prefix + name
            _notify(progress, f"view {name}", 0, 1)
            if name in PYTHON_VIEWS:
                identity.build(engine, identity.SPECS[name], mapping, physical)
            elif readers.get(name, 0) > 1:  # read by several rules: materialise once
                engine.materialise(physical, book.views[name].render(engine.dialect, mapping))
            else:  # read by one rule: a view, so that rule's filters reach into it
                engine.view(physical, book.views[name].render(engine.dialect, mapping))
            made.append(physical)
            mapping[name] = physical
        timings["_prepare"] = round(time.perf_counter() - began, 3)

        hits, counts, used_params, materialise_s = [], {}, {}, 0.0
        for done, rule in enumerate(runnable):
            _notify(progress, rule.id, done, len(runnable))
            used_params[rule.id] = rule.params(overrides.get(rule.id))
            began = time.perf_counter()
            rule_hits, python_s = _evaluate(engine, rule, mapping, used_params[rule.id])
            timings[rule.id] = round(time.perf_counter() - began, 3)
            materialise_s += python_s
            counts[rule.id] = len(rule_hits)
            hits.extend(rule_hits)
        timings["_materialise"] = round(materialise_s, 3)  # part of the rule times spent in Python
        _notify(progress, "done", len(runnable), len(runnable))
    finally:
        for name in reversed(made):  # views first: they read the tables made before them
            engine.drop(name)
        if owned:
            engine.close()

    parts = series.parts_of(con, tables)
    if parts:
        hits = [dataclasses.replace(h, evidence=series.name_rows(h.evidence, parts)) for h in hits]
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


def _evaluate(engine: Backend, rule, mapping: dict, params: dict) -> tuple[list[Hit], float]:
    """The rule's hits, sorted by key, and the seconds spent turning rows into Hits."""
    names, rows = engine.fetch(rule.render(engine.dialect, mapping, params, evidence_json=True))
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
