"""A village-only cross-check run: a township officer's upload of one village's books and/or
bank statements, imported into the hub and checked by R14–R18 against the hub's latest
other snapshots (cadres and businesses, for R18).

Kept apart from the county-wide run (pipeline.py) because it differs in three ways:

- the upload holds only the village finance registries, and only rows of that village:
  the import itself rejects any other village's row (row, column, reason in the import
  report), in the import's one transaction, so no snapshot ever holds them;
- the rules read that village's rows only (temporary views over the uploaded snapshot, or
  the newest earlier one that holds the village for the registry not uploaded), so a
  village's books are never checked against another village's statements;
- it is recorded in the hub as a run of status `village` (written with the run, one
  transaction), which the engine never takes as
  the previous run of a county-wide run, and its new/gone hits are counted against the
  village's own earlier hits: a partial run marks no other rule's, nor other village's,
  hit as gone.

Like the county-wide run, it passes the village's monthly-meeting sign-offs (民主理财,
villages.finance.signoff_rows) to R15 and R17, which count them as reviewed.
"""

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.crosscheck.hits_to_clues import record_hits
from qingfeng.crosscheck.jobs import VILLAGE_REGISTRIES, VILLAGE_RULES
from qingfeng.crosscheck.locate import HitFacts, hit_facts
from qingfeng.crosscheck.models import CrosscheckRun, RunHit
from qingfeng.crosscheck.pipeline import CrosscheckError, import_summary
from qingfeng.crosscheck.review import active_exclusions, excluded_rows
from qingfeng.engine.hub import newest_snapshot_holding, stored_tables
from qingfeng.villages.finance import signoff_rows

OTHER_INPUTS = ("cadres", "businesses")  # R18 reads the hub's latest of these
VILLAGE_RUN_STATUS = "village"


def village_snapshot(con, registry: str, village_code: str) -> str | None:
    """The newest snapshot table of `registry` that holds rows of the village."""
    found = newest_snapshot_holding(con, registry, village_code)
    return found[1] if found else None


def village_tables(con, bundle, village_code: str, prefix: str) -> dict[str, str]:
    """registry -> a temporary view of the village's rows (finance), or the latest snapshot (cadres…)."""
    mapping = {}
    for registry in VILLAGE_REGISTRIES:
        source = bundle.tables.get(registry) or village_snapshot(con, registry, village_code)
        if source is None:
            continue
        view = f"{prefix}{registry}"
        con.execute(f'CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM "{source}" '
                    f"WHERE village_code = '{village_code}'")  # a digits-only code, checked by the caller
        mapping[registry] = view
    present = stored_tables(con)
    for registry in OTHER_INPUTS:
        latest = con.execute("SELECT table_name FROM snapshots WHERE registry = ? ORDER BY id DESC LIMIT 1",
                             [registry]).fetchone()
        if latest is not None and latest[0] in present:
            mapping[registry] = latest[0]
    return mapping


def previous_village_keys(run: CrosscheckRun, village) -> set[str]:
    """The R14–R18 hit keys of the village in the latest earlier run that had any."""
    links = (RunHit.objects.filter(run__id__lt=run.id, rule__in=VILLAGE_RULES, clue__village=village)
             .order_by("-run_id").values_list("run_id", "hit_key"))
    last, keys = None, set()
    for run_id, key in links:
        if last is not None and run_id != last:
            break
        last = run_id
        keys.add(key)
    return keys


def _save_in_hub(con, result, book, as_of, started_at, inputs) -> None:
    from qingfeng.engine import runs

    runs.ensure_tables(con)
    runs.save(con, {
        "run_id": result.run_id, "started_at": started_at, "as_of": as_of, "previous_run_id": None,
        "inputs": inputs, "params": result.params, "overrides": {},
        "rule_versions": {r: book.rules[r].version for r in result.counts}, "counts": result.counts,
        "timings": result.timings, "skipped": result.skipped, "new_hits": 0, "gone_hits": 0,
    }, result.hits, status=VILLAGE_RUN_STATUS)  # never the previous run of a county-wide run


def _engine(run: CrosscheckRun, village_code: str, book, say):
    from qingfeng.engine import clock, runner
    from qingfeng.engine.hub import Hub, bundle_files

    files, _ignored = bundle_files(Path(run.bundle_dir))
    if not files or set(files) - set(VILLAGE_REGISTRIES):
        raise CrosscheckError(_("村级财务上传只能包含 village_books（收支明细）和 village_bank（银行流水）。"))
    with Hub() as hub:
        bundle = hub.import_bundle(run.bundle_dir, as_of=run.as_of, progress=lambda msg: say(msg, 5),
                                   village_code=village_code)
        run.imports, run.missing = import_summary(bundle), [k for k in VILLAGE_REGISTRIES if k not in bundle.tables]
        run.save(update_fields=["imports", "missing"])
        kept = sum(report.rows_accepted for report in bundle.reports.values())
        if not kept:
            raise CrosscheckError(_("上传的文件中没有本村（%(code)s）可以导入的行。") % {"code": village_code})
        say(_("运行村级财务比对规则…"), 30)
        started_at = clock.now()
        tables = village_tables(hub.con, bundle, village_code, f"_qf_v{run.id}_")
        signoffs = signoff_rows([village_code])  # the meetings' 民主理财: reviewed for R15 and R17
        try:
            result = runner.run(hub, tables, rule_ids=list(VILLAGE_RULES), as_of=run.as_of, rulebook=book, save=False,
                                signoffs=signoffs, exceptions=active_exclusions(run.as_of))
            located = hit_facts(hub.con, tables, result.hits)
        finally:
            for registry in VILLAGE_REGISTRIES:
                hub.con.execute(f"DROP VIEW IF EXISTS _qf_v{run.id}_{registry}")
        inputs = {key: {"table": table, "village_code": village_code} for key, table in tables.items()}
        inputs["village_signoffs"] = {"source": "application", "rows": len(signoffs)}
        _save_in_hub(hub.con, result, book, run.as_of, started_at, inputs)
    # every hit is of this village, whatever the lookup found
    facts = {hit.key: HitFacts(village_code, located.get(hit.key, HitFacts()).amount) for hit in result.hits}
    return result, facts


def execute(run: CrosscheckRun, village, progress) -> dict:
    from django.urls import reverse

    from qingfeng.engine.rulebook import Rulebook

    if not village.code.isdigit():
        raise CrosscheckError(_("村的行政区划代码无效：%(code)s") % {"code": village.code})
    book = Rulebook.load()
    if run.as_of is None:
        run.as_of = timezone.localdate()
        run.save(update_fields=["as_of"])
    progress(_("导入村级财务数据…"), 2)
    result, facts = _engine(run, village.code, book, progress)
    before = previous_village_keys(run, village)
    now = {hit.key for hit in result.hits}
    run.engine_run_id = result.run_id
    run.rule_counts, run.skipped = result.counts, result.skipped
    run.hits, run.new_hits, run.gone_hits = len(result.hits), len(now - before), len(before - now)
    run.excluded = excluded_rows(result)
    run.save(update_fields=["engine_run_id", "rule_counts", "skipped", "hits", "new_hits", "gone_hits", "excluded"])
    progress(_("写入问题线索台账…"), 70)
    run.clues_created, run.clues_known = record_hits(run, result.hits, facts, book)
    run.save(update_fields=["clues_created", "clues_known"])
    return {"url": reverse("villages:finance_run", args=[village.code, run.id]), "hits": run.hits,
            "clues_created": run.clues_created, "clues_known": run.clues_known}
