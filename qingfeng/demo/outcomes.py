"""Demo outcomes: three themed campaigns, cases, persons handled with their refunds, and
问责 decisions, on the demo clues that reached a result.

Written with the models directly (the demo seeds a history, it does not act it out),
each change audited like the other seeders' (one entry per object, in the one
transaction), and the clues' six counts then follow from their persons
(cases.counts.apply_counts). Idempotent: skipped when the demo campaigns exist.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from qingfeng.audit.trail import record_many, snapshot
from qingfeng.cases import measures as m
from qingfeng.cases.counts import FIELDS as COUNT_FIELDS
from qingfeng.cases.counts import apply_counts
from qingfeng.cases.models import Accountability, Campaign, Case, Investigated, Measure, Refund
from qingfeng.cases.numbers import next_accountability_no, next_case_no
from qingfeng.clues.models import Clue, Disposal, Source, State
from qingfeng.core.months import quarter_of, quarter_window
from qingfeng.demo.clues import DEMO_MARK
from qingfeng.places.models import Department, Household, Jurisdiction

# (name, days before today its quarter contains, scope, rules, categories). The two of this
# quarter cover the demo's cross-check clues by rule: 村级财务清查 the village finance rules
# (R14–R18; the name hits_to_clues also looks for), 互联网+监督数据比对 the roll's.
VILLAGE_FINANCE_RULES = ["R14", "R15", "R16", "R17", "R18"]
CAMPAIGNS = (
    ("危房改造和易地搬迁", 200, "农村危房改造、易地扶贫搬迁补助资金的申报、审批和发放", [], ["优亲厚友", "吃拿卡要"]),
    ("村级财务清查", 0, "村级集体资金、资产、资源的收支：账外收支、大额支出未经民主理财、现金支付、拆分支出、"
     "向村干部及其亲属支付", VILLAGE_FINANCE_RULES, ["截留挪用", "虚报冒领", "违规收费"]),
    ("互联网+监督数据比对", 0, "民政、殡葬、公安、不动产等数据与扶贫名单比对发现的问题", ["R01", "R02", "R03"], []),
)
# What happens to the persons of a case (sanctions) and of other closed clues, in turn:
# (who: 0 the subject, 1 a second person; kind; measure).
CASE_OUTCOMES = (
    ((0, m.Kind.PARTY, "留党察看"), (0, m.Kind.GOVERNMENT, "撤职")),
    ((0, m.Kind.PARTY, "警告"), (1, m.Kind.GOVERNMENT, "记过")),
    ((0, m.Kind.JUDICIAL, "移送检察机关"), (0, m.Kind.PARTY, "开除党籍")),
    ((0, m.Kind.PARTY, "严重警告"), (1, m.Kind.ORGANISATIONAL, "调离岗位")),
)
OTHER_OUTCOMES = (
    ((0, m.Kind.FIRST_FORM, "谈话提醒"),),
    ((0, m.Kind.ORGANISATIONAL, "免职"), (1, m.Kind.FIRST_FORM, "批评教育")),
    ((0, m.Kind.FIRST_FORM, "诫勉"),),
)
SECOND_PERSONS = (("覃某辉", "村会计"), ("卓某", "村民小组长"), ("向某松", "村委会委员"))
MIN_CASES = 3  # so that every kind of sanction (and all four forms) appears in the demo


def load_outcomes(seed: int = 430821, progress=print) -> int:
    if Campaign.objects.filter(name=CAMPAIGNS[0][0]).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        audit: list = []
        campaigns = _campaigns(today, audit)
        tagged = _tag(campaigns, audit)
        closed = list(Clue.objects.filter(note=DEMO_MARK, state=State.CLOSED).exclude(source=Source.DATA)
                      .select_related("village", "township").order_by("id"))
        _promote_to_cases(closed, audit)
        cases = _cases(today, audit)
        persons = _persons(rng, closed, audit)
        _investigated(audit)
        held = _accountability(closed, audit)
        record_many(None, audit)
    progress(f"{len(campaigns)} 个专项治理主题（{tagged} 条线索）, {cases} 件案件, {persons} 条处理人员记录, {held} 条问责")
    return persons


def _campaigns(today: date, audit: list) -> list[Campaign]:
    made = []
    for name, days_back, scope, rules, categories in CAMPAIGNS:
        year, quarter = quarter_of(today - timedelta(days=days_back))
        campaign = Campaign.objects.create(name=name, year=year, quarter=quarter, scope=scope, rules=rules,
                                           categories=categories)
        audit.append(("campaign.create", campaign, None,
                      snapshot(campaign, ["name", "year", "quarter", "scope", "rules", "categories"])))
        made.append(campaign)
    return made


def _tagged_by(campaign: Campaign) -> Q:
    """The clues a campaign takes: cross-check clues of its rules, other demo clues of its categories."""
    by_rule = Q(pk__in=[])
    for rule in campaign.rules:
        by_rule |= Q(source=Source.DATA, hit_key__startswith=f"{rule}:")
    by_category = Q(pk__in=[])
    if campaign.categories:  # a cross-check clue belongs to its rule's campaign, whatever its category
        by_category = Q(category__in=campaign.categories, note=DEMO_MARK) & ~Q(source=Source.DATA)
    return by_rule | by_category


def _tag(campaigns: list[Campaign], audit: list) -> int:
    """A campaign's quarter's clues of its rules (cross-check clues) or of its categories."""
    count = 0
    for campaign in campaigns:
        first, last = quarter_window(campaign.year, campaign.quarter)
        clues = Clue.objects.filter(campaign__isnull=True, received_on__gte=first, received_on__lte=last)
        clues = clues.filter(_tagged_by(campaign))
        for clue in clues:
            clue.campaign, clue.version = campaign, clue.version + 1
            clue.save(update_fields=["campaign", "version"])
            audit.append(("campaign.tag", clue, {"campaign": None}, {"campaign": campaign.name}))
            count += 1
    return count


def _promote_to_cases(closed: list[Clue], audit: list) -> None:
    """The demo's random dispositions may leave too few cases for every sanction to show:
    the first closed clues become cases filed ten days after receipt."""
    missing = MIN_CASES - sum(c.case_filed for c in closed)
    for clue in [c for c in closed if not c.case_filed][:max(missing, 0)]:
        before = snapshot(clue, ["disposal", "case_filed", "filed_on"])
        clue.disposal, clue.case_filed = Disposal.CASE, True
        clue.filed_on = min(clue.received_on + timedelta(days=10), clue.closed_on)
        clue.version += 1
        clue.save(update_fields=["disposal", "case_filed", "filed_on", "version"])
        audit.append(("clue.outcome", clue, before, snapshot(clue, ["disposal", "case_filed", "filed_on"])))


def _cases(today: date, audit: list) -> int:
    """A case per demo clue filed: closed clues reach 结案, the others stop at 案件审理."""
    count = 0
    for clue in Clue.objects.filter(note=DEMO_MARK, case_filed=True, case__isnull=True).order_by("id"):
        filed = clue.filed_on or clue.received_on
        end = clue.closed_on or today
        step = max((end - filed).days // 4, 0)
        case = Case(clue=clue, case_no=next_case_no(filed.year), filed_on=filed,
                    investigation_on=filed + timedelta(days=step), trial_on=filed + timedelta(days=2 * step))
        if clue.closed_on:
            case.decision_on, case.closed_on, case.stage = filed + timedelta(days=3 * step), end, Case.Stage.CLOSED
        else:
            case.stage = Case.Stage.TRIAL
        case.save()
        audit.append(("case.file", case, None, snapshot(
            case, ["case_no", "stage", "filed_on", "investigation_on", "trial_on", "decision_on", "closed_on"])))
        count += 1
    return count


def _investigated(audit: list) -> None:
    """The persons investigated in each demo case: those its clue's measures name, else the subject."""
    for case in Case.objects.filter(clue__note=DEMO_MARK).select_related("clue").order_by("id"):
        people = {}
        for row in case.clue.measures.order_by("id"):
            people.setdefault(row.name, Investigated(case=case, name=row.name, post=row.post, rank=row.rank,
                                                     party_member=row.party_member == m.PARTY_MEMBER))
        if not people and case.clue.subject:
            post = case.clue.subject_post
            people[case.clue.subject] = Investigated(case=case, name=case.clue.subject, post=post,
                                                     rank=_rank_of(post), party_member=True)
        for person in people.values():
            person.save()
            audit.append(("case.investigated.add", person, None,
                          snapshot(person, ["case_id", "name", "post", "rank", "party_member"])))


def _rank_of(post: str) -> str:
    if "乡镇" in post or "站长" in post:
        return m.Rank.TOWNSHIP
    if "工作队" in post:
        return m.Rank.GENERAL
    return m.Rank.VILLAGE


def _persons(rng, closed: list[Clue], audit: list) -> int:
    count = case_turn = other_turn = 0
    for clue in closed:
        if clue.case_filed:
            plan, case_turn = CASE_OUTCOMES[case_turn % len(CASE_OUTCOMES)], case_turn + 1
        else:
            plan, other_turn = OTHER_OUTCOMES[other_turn % len(OTHER_OUTCOMES)], other_turn + 1
        second_name, second_post = rng.choice(SECOND_PERSONS)
        people = ((clue.subject, clue.subject_post), (second_name, f"{clue.village.name}{second_post}"))
        decided = max(clue.closed_on - timedelta(days=rng.randint(1, 5)), clue.filed_on or clue.received_on)
        for index, (who, kind, measure) in enumerate(plan):
            name, post = people[who]
            row = Measure.objects.create(
                clue=clue, name=name, post=post, rank=_rank_of(post), kind=kind, measure=measure,
                party_member=m.PARTY_MEMBER if kind == m.Kind.PARTY else m.NON_MEMBER, decided_on=decided,
                form=m.form_of(kind, measure), probation_months=12 if (kind, measure) == m.PROBATION else None,
                # The clue's money is the first person's share.
                recovered=clue.recovered if index == 0 else 0, returned=clue.returned if index == 0 else 0)
            refunds = _refunds(rng, row, clue)
            audit.append(("measure.add", row, None, snapshot(
                row, ["clue_id", "name", "post", "rank", "kind", "measure", "decided_on", "form", "recovered",
                      "returned"]) | {"refunds": refunds}))
            count += 1
        before = snapshot(clue, COUNT_FIELDS)
        changed = apply_counts(clue)
        if changed:
            clue.version += 1
            clue.save(update_fields=[*changed, "version"])
            audit.append(("clue.counts", clue, before, snapshot(clue, COUNT_FIELDS)))
    return count


def _refunds(rng, measure: Measure, clue: Clue) -> list[dict]:
    """The returned money back to roll households of the clue's village (or township), in two shares."""
    if not measure.returned:
        return []
    households = list(Household.objects.filter(village=clue.village).order_by("id")[:2]) or list(
        Household.objects.filter(village__parent=clue.township).order_by("id")[:2])
    if not households:
        refund = Refund.objects.create(measure=measure, payee="受损群众", amount=measure.returned,
                                       returned_on=measure.decided_on)
        return [{"payee": refund.payee, "amount": str(refund.amount)}]
    half = (measure.returned / 2).quantize(Decimal("0.01"))
    shares = [measure.returned] if len(households) == 1 else [half, measure.returned - half]
    made = []
    for household, amount in zip(households, shares):
        refund = Refund.objects.create(measure=measure, household=household, payee=household.head_name,
                                       amount=amount, returned_on=measure.decided_on)
        made.append({"household": household.household_no, "payee": refund.payee, "amount": str(amount)})
    return made


def _accountability(closed: list[Clue], audit: list) -> int:
    """Units and leaders held accountable for the cases: the 党支部 of each case's village
    (主体责任), the township's principal leader for two of them and its 纪委 (监督责任) for
    the others, and once the county department that paid the money out."""
    cases = [c for c in closed if c.case_filed]
    department = Department.objects.filter(code="mz").first()
    county = Jurisdiction.objects.get(level=Jurisdiction.Level.COUNTY)
    rows = []
    for index, clue in enumerate(cases):
        town = clue.township
        where = {"township": town, "owner": town, "clue": clue, "decided_on": clue.closed_on}
        rows.append(where | {
            "target_type": m.TargetType.ORGANISATION, "target": f"{clue.village.name}党支部",
            "responsibility": m.Responsibility.PRINCIPAL, "measure": "通报",
            "reason": "落实全面从严治党主体责任不力，对村干部违规问题失察"})
        principal = index < 2
        post = f"{town.name}党委书记" if principal else f"{town.name}纪委书记"
        rows.append(where | {
            "target_type": m.TargetType.LEADER, "target": post, "post": post, "principal": principal,
            "responsibility": m.Responsibility.PRINCIPAL if principal else m.Responsibility.SUPERVISORY,
            "measure": "诫勉" if principal else "通报",
            "reason": "履行主体责任不力，辖区扶贫领域问题多发" if principal else "履行监督责任不力，未及时发现问题"})
    if cases and department is not None:
        rows.append({
            "target_type": m.TargetType.LEADER, "target": f"{department.name}局长", "post": f"{department.name}局长",
            "principal": True, "responsibility": m.Responsibility.LEADING, "measure": "通报", "township": None,
            "department": department, "owner": county, "clue": cases[0], "decided_on": cases[0].closed_on,
            "reason": "对低保资金发放审核把关不严，负有领导责任"})
    for fields in rows:
        row = Accountability.objects.create(no=next_accountability_no(fields["decided_on"].year), **fields)
        audit.append(("accountability.create", row, None, snapshot(
            row, ["no", "decided_on", "target_type", "target", "principal", "responsibility", "measure",
                  "township_id", "department_id", "owner_id", "clue_id"])))
    return len(rows)
