"""Hits to clues: each cross-check hit becomes a 大数据比对 clue, once (its key is the clue's hit_key).

Clues are written in batches, each batch one transaction together with the run's
record of it, so a crash loses at most the batch in flight; running the job again
finds the clues already made by their hit keys and makes the rest.

A hit's clue is checked like every other clue (qingfeng.clues.validation) before
any clue of the run is written: registry data that no clue may hold (a control
character in a name, an amount out of range) stops the run with the hit and the
field named, rather than a clue that breaks the ledger's pages or half a run.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.cases.campaigns.matching import campaigns_by_rule
from qingfeng.cases.models import Campaign
from qingfeng.clues import validation
from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.models import Clue, Source
from qingfeng.core.months import quarter_of
from qingfeng.crosscheck.locate import HitFacts
from qingfeng.crosscheck.models import CrosscheckRun, RunHit
from qingfeng.engine.schema import REGISTRIES
from qingfeng.jobs.registry import JobError
from qingfeng.places.models import Jurisdiction

BATCH = 200
# 问题类别 of each rule's clues (ledger.md §1); rules not listed are 其他.
RULE_CATEGORY = {
    "R03": "虚报冒领",  # paid after death
    "R07": "虚报冒领",  # paid twice
    "R09": "虚报冒领",  # paid while not enrolled
    "R11": "虚报冒领",  # someone else's account collects
    "R06": "优亲厚友",  # cadres and their relatives on the roll
    "R10": "截留挪用",  # one account collecting for many households
    "R14": "截留挪用",  # money through the collective account that never reached the books (账外收支)
    "R18": "优亲厚友",  # village money paid to cadres, their relatives and their companies
}
# Village finance (crosscheck.md §5). Without a campaign of the quarter listing the rule,
# their clues join the quarter's campaign of this name (ledger.md §1 names it) if there is one.
VILLAGE_FINANCE_RULES = ("R14", "R15", "R16", "R17", "R18")
VILLAGE_FINANCE_CAMPAIGN = "村级财务清查"
DEFAULT_CATEGORY = "其他"
SHOWN_REFUSALS = 5


class HitRefused(JobError):
    """Hits whose clues would hold values no clue may; no clue of the run was written."""

    def __init__(self, refused: list[tuple[str, dict]]):
        self.refused = refused  # (hit key, {field: message})
        shown = "；".join(f"{key}：{'；'.join(errors.values())}" for key, errors in refused[:SHOWN_REFUSALS])
        super().__init__(_("%(count)s 条比对命中无法生成问题线索，本次未写入任何线索：%(hits)s") % {
            "count": len(refused), "hits": shown})


class Places:
    """Village code -> (township, village) in the Jurisdiction tree; unknown codes go to the county."""

    def __init__(self, codes: set[str]):
        L = Jurisdiction.Level
        self.county = Jurisdiction.objects.filter(level=L.COUNTY).order_by("id").first()
        wanted = {c for c in codes if c} | {c[:9] for c in codes if c}
        found = {j.code: j for j in Jurisdiction.objects.filter(code__in=wanted).select_related("parent")}
        self.villages = {c: found[c] for c in codes if c in found and found[c].level == L.VILLAGE}
        self.townships = {c: found[c[:9]] for c in codes if c and c[:9] in found and found[c[:9]].level == L.TOWNSHIP}

    def of(self, code: str | None) -> tuple:
        """(owner, township, village) for a village code."""
        village = self.villages.get(code)
        if village is not None and village.parent and village.parent.level == Jurisdiction.Level.TOWNSHIP:
            return village.parent, village.parent, village
        township = self.townships.get(code)
        if township is not None:
            return township, township, None
        return self.county, None, None


def summary_of(hit, rule, facts: HitFacts) -> str:
    parts = [f"大数据比对 {rule.id}「{rule.title}」"]
    who = hit.name or ""
    if hit.id_number:
        who += f"（证件号码 {hit.id_number}）"
    if who:
        parts.append(f"对象：{who}")
    if hit.household_id:
        parts.append(f"户编号 {hit.household_id}")
    if hit.payment_id:
        parts.append(f"发放流水号 {hit.payment_id}" + (f"，金额 {facts.amount} 元" if facts.amount is not None else ""))
    if hit.account:
        parts.append(f"银行账号 {hit.account}")
    record = getattr(hit, "record", None)
    if record:
        parts.append(_record_text(record, facts))
    if hit.score < 1:
        parts.append(f"模糊匹配得分 {hit.score:.2f}")
    records = [r for r in hit.evidence.get("records", []) if isinstance(r, dict)]
    if records:
        rows = list(dict.fromkeys((r["registry"], r.get("row")) for r in records))
        cited = "、".join(f"{REGISTRIES[reg].zh if reg in REGISTRIES else reg}第{row}行" for reg, row in rows[:6])
        parts.append(f"证据：{cited}" + ("等" if len(rows) > 6 else ""))
    return "；".join(parts) + "。"


def _record_text(record: str, facts: HitFacts) -> str:
    """An entry (village_code/voucher_no) or a statement line (txn_id), with its amount."""
    amount = f"，金额 {facts.amount} 元" if facts.amount is not None else ""
    if "/" in record:
        village, voucher = record.split("/", 1)
        return f"村级财务凭证号 {voucher}（行政区划代码 {village}）{amount}"
    return f"村集体账户交易流水号 {record}{amount}"


def evidence_of(hit, rule, engine_run_id: str) -> dict:
    return {
        "rule": rule.id, "title": rule.title, "severity": rule.severity, "score": hit.score, "key": hit.key,
        "run": engine_run_id, "id_number": hit.id_number, "household_id": hit.household_id,
        "payment_id": hit.payment_id, "account": hit.account, "record": getattr(hit, "record", None),
        **hit.evidence,
    }


def clue_values(hit, rule, fact: HitFacts, places: Places, today, engine_run_id: str) -> dict:
    """The keyword arguments of `do_create_clue` for one hit."""
    owner, township, village = places.of(fact.village_code)
    return dict(
        received_on=today, source=Source.DATA, owner=owner, township=township, village=village,
        subject=(hit.name or hit.id_number or hit.account or getattr(hit, "record", None) or "")[:100],
        category=RULE_CATEGORY.get(hit.rule, DEFAULT_CATEGORY), summary=summary_of(hit, rule, fact),
        amount_involved=fact.amount if hit.payment_id or getattr(hit, "record", None) else None,
        evidence=evidence_of(hit, rule, engine_run_id), hit_key=hit.key,
    )


def _checked(todo, facts, book, places, today, engine_run_id) -> dict[str, dict]:
    """hit key -> its clue's values, every one of them acceptable; else HitRefused."""
    planned, refused = {}, []
    for hit in todo:
        values = clue_values(hit, book.rules[hit.rule], facts.get(hit.key, HitFacts()), places, today, engine_run_id)
        errors = validation.required_errors(values) | validation.clue_errors(values, today=today)
        if errors:
            refused.append((hit.key, errors))
        planned[hit.key] = values
    if refused:
        raise HitRefused(refused)
    return planned


def village_finance_campaign(today):
    """The 村级财务清查 campaign of today's quarter, if leadership defined one."""
    year, quarter = quarter_of(today)
    return Campaign.objects.filter(name=VILLAGE_FINANCE_CAMPAIGN, year=year, quarter=quarter).first()


def record_hits(run: CrosscheckRun, hits, facts: dict[str, HitFacts], book, progress=None) -> tuple[int, int]:
    """Create or find a clue for every hit; return (created, already known) over the whole run."""
    places = Places({f.village_code for f in facts.values() if f.village_code})
    done = set(run.run_hits.values_list("hit_key", flat=True))  # an earlier attempt of this job got these
    todo = [h for h in hits if h.key not in done]
    today = timezone.localdate()
    planned = _checked(todo, facts, book, places, today, run.engine_run_id)
    by_rule = campaigns_by_rule(today)  # tagging by rule: qingfeng.cases.campaigns.matching
    village_finance = village_finance_campaign(today)
    for rule_id in VILLAGE_FINANCE_RULES:
        if village_finance is not None:
            by_rule.setdefault(rule_id, village_finance)
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        known = dict(Clue.objects.filter(hit_key__in=[h.key for h in batch]).values_list("hit_key", "id"))
        with transaction.atomic():
            links = []
            for hit in batch:
                if hit.key in known:
                    links.append(RunHit(run=run, rule=hit.rule, hit_key=hit.key, clue_id=known[hit.key], created=False))
                    continue
                clue, created = do_create_clue(acting_user=None, campaign=by_rule.get(hit.rule), **planned[hit.key])
                links.append(RunHit(run=run, rule=hit.rule, hit_key=hit.key, clue=clue, created=created))
            RunHit.objects.bulk_create(links)
        if progress:
            progress(len(done) + start + len(batch), len(hits))
    created = run.run_hits.filter(created=True).count()
    return created, run.run_hits.count() - created
