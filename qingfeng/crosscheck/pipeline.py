"""One cross-check run end to end: import the bundle, run the rules, write the ledger.

The engine part (DuckDB hub) finishes and closes the hub before the ledger is
written, so the hub is held only while the engine needs it.
"""

import logging
import sqlite3

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.crosscheck.hits_to_clues import record_hits
from qingfeng.crosscheck.locate import hit_facts
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.crosscheck.places_from_roll import add_places
from qingfeng.crosscheck.review import active_exclusions, excluded_rows
from qingfeng.engine import runner
from qingfeng.engine.hub import Hub
from qingfeng.engine.rulebook import Rulebook
from qingfeng.portal.lookup.publishing import publish_from_hub
from qingfeng.villages.finance import signoff_rows

SHOWN_PROBLEMS = 20
log = logging.getLogger(__name__)


class CrosscheckError(Exception):
    pass


def import_summary(bundle) -> dict:
    summary = {}
    for key, rep in bundle.reports.items():
        summary[key] = {
            "source": rep.source, "rows_read": rep.rows_read, "rows_accepted": rep.rows_accepted,
            "rows_rejected": rep.rows_rejected, "rows_flagged": rep.rows_flagged,
            "problem_count": max(rep.problem_count, len(rep.problems)), "reused": rep.reused,
            "problems": [{"row": p.row, "column": p.column, "value": p.value, "reason": p.reason,
                          "rejected": p.rejected, "file": p.file} for p in rep.problems[:SHOWN_PROBLEMS]],
            "files": [{"file": f.file, "rows_read": f.rows_read, "rows_accepted": f.rows_accepted,
                       "rows_rejected": f.rows_rejected} for f in rep.files],
        }
    return summary


def _publish_lookup(hub, say) -> None:
    """The public lookup reads the new roll and payments at once. A failure (a full disk) keeps
    the previous publication and must not cost the run: logged, said, rebuilt by `portal publish`."""
    say(_("发布惠民资金查询数据…"), 28)
    try:
        publish_from_hub(hub)
    except (OSError, sqlite3.Error):
        log.exception("publishing the lookup read model failed")
        say(_("惠民资金查询数据发布失败，公众仍查询上一次发布的数据；请运行 qingfeng portal publish 重试。"), 29)


def _engine(run: CrosscheckRun, book, say):
    with Hub() as hub:
        bundle = hub.import_bundle(run.bundle_dir, as_of=run.as_of, progress=lambda msg: say(msg, 5))
        if not bundle.tables:
            raise CrosscheckError(_("%(dir)s：没有任何登记表文件（例如 roll.csv、payments.xlsx）。") % {"dir": run.bundle_dir})
        run.imports, run.missing = import_summary(bundle), bundle.missing
        run.save(update_fields=["imports", "missing"])
        add_places(hub.con, bundle, acting_user=run.started_by, say=lambda msg: say(msg, 6))
        _publish_lookup(hub, say)

        def rule_progress(step, done, total):
            say(_("运行比对规则：%(step)s") % {"step": step}, 30 + int(40 * done / max(total, 1)))

        result = runner.run(hub, bundle, as_of=run.as_of, progress=rule_progress, rulebook=book,
                            signoffs=signoff_rows(),  # meetings' 民主理财 sign-offs count as reviewed
                            exceptions=active_exclusions(run.as_of))  # 核查 不属实: no clue again
        return result, hit_facts(hub.con, bundle.tables, result.hits)


def execute(run: CrosscheckRun, progress) -> dict:
    book = Rulebook.load()
    if run.as_of is None:
        run.as_of = timezone.localdate()
        run.save(update_fields=["as_of"])
    progress(_("导入登记表…"), 2)
    result, facts = _engine(run, book, progress)
    run.engine_run_id = result.run_id
    run.rule_counts, run.skipped = result.counts, result.skipped
    run.hits, run.new_hits, run.gone_hits = len(result.hits), len(result.new_keys), len(result.gone_keys)
    run.excluded = excluded_rows(result)
    run.save(update_fields=["engine_run_id", "rule_counts", "skipped", "hits", "new_hits", "gone_hits", "excluded"])
    if run.excluded:
        progress(_("例外排除 %(n)s 条") % {"n": len(run.excluded)}, 70)

    def ledger_progress(done, total):
        progress(_("写入问题线索台账：%(done)s / %(total)s") % {"done": done, "total": total},
                 70 + int(29 * done / max(total, 1)))

    progress(_("写入问题线索台账…"), 70)
    run.clues_created, run.clues_known = record_hits(run, result.hits, facts, book, ledger_progress)
    run.save(update_fields=["clues_created", "clues_known"])
    return {"url": reverse("crosscheck:run", args=[run.id]), "hits": run.hits,
            "clues_created": run.clues_created, "clues_known": run.clues_known, "excluded": len(run.excluded)}
