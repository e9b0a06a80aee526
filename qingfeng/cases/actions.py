"""Audited changes of case work and outcomes: one `do_*` function per action.

Filing a case and moving it through its stages, the persons it investigates, the persons
handled (measures) and the refunds of their money, and corrections of a clue's outcomes
after close-out. Each runs in one transaction, checks the role and scope
(qingfeng.cases.access), locks the rows it changes, checks the version the user saw
(a concurrent change raises Conflict), saves only the fields it changes and appends ONE
audit entry — always on the clue (object clues.clue), so the clue's history shows its
whole outcome. Every writer of measures sets the clue's six counts from its persons
(qingfeng.cases.counts) and saves them with the clue's version in the same transaction.
A clue that is closed keeps its outcomes: its persons change only as a correction,
with a reason.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, snapshot
from qingfeng.cases import access, checks, counts, numbers
from qingfeng.cases import measures as m
from qingfeng.cases.models import Case, Investigated, Measure, Refund
from qingfeng.clues import validation
from qingfeng.clues.models import Clue, Disposal, Stage
from qingfeng.core.versioning import Conflict, check_version, save_changes

__all__ = [
    "Conflict", "do_file_case", "do_advance_case", "do_add_investigated", "do_remove_investigated",
    "do_add_measure", "do_change_measure", "do_remove_measure", "do_add_refund", "do_remove_refund",
    "do_correct_outcomes",
]

STAGES = list(Case.Stage)
STAGE_DATE = {
    Case.Stage.FILED: "filed_on", Case.Stage.INVESTIGATION: "investigation_on", Case.Stage.TRIAL: "trial_on",
    Case.Stage.DECISION: "decision_on", Case.Stage.CLOSED: "closed_on",
}
MEASURE_FIELDS = ("name", "post", "rank", "party_member", "kind", "measure", "decided_on", "probation_months",
                  "recovered", "returned")
AUDITED_MEASURE_FIELDS = (*MEASURE_FIELDS, "form")
CORRECTABLE = ("result", "case_filed", "filed_on", *counts.FIELDS)
# A clue's outcome exists once its result is recorded; before, the workflow's 录入办理结果 sets it.
RESULT_STAGES = {Stage.RESULT, Stage.CLOSED, Stage.ARCHIVED}


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _refuse(field: str, message: str):
    raise ValidationError({field: message})


def _locked_clue(user, clue_id: int, expected_version: int | None) -> Clue:
    return check_version(access.access_clue_for_outcomes(user, clue_id, for_update=True), expected_version)


# --- cases -------------------------------------------------------------------------------------


def do_file_case(clue_id: int, *, acting_user, expected_version: int, filed_on: date | None = None,
                 today: date | None = None) -> Case:
    """立案: a clue approved for 立案审查调查 — or already marked filed (an imported ledger) —
    becomes a case with its number; the clue is marked filed on that day."""
    today = _today(today)
    with transaction.atomic():
        clue = _locked_clue(acting_user, clue_id, expected_version)
        existing = Case.objects.filter(clue=clue).first()
        if existing is not None:
            _refuse("__all__", _("该线索已立案（%(no)s）。") % {"no": existing.case_no})
        if clue.disposal != Disposal.CASE and not clue.case_filed:
            _refuse("__all__", _("只有批准“立案审查调查”的线索才能立案。"))
        if not clue.is_open and not clue.case_filed:
            _refuse("__all__", _("线索已办结且未立案，须先更正处理结果。"))
        filed_on = filed_on or (clue.filed_on if clue.case_filed else None) or today
        if refused := validation.clue_errors({"filed_on": filed_on}, today=today):
            raise ValidationError(refused)
        if filed_on < clue.received_on:
            _refuse("filed_on", _("立案日期不能早于线索受理日期（%(date)s）。") % {"date": clue.received_on.isoformat()})
        if not clue.is_open and clue.filed_on and filed_on != clue.filed_on:
            _refuse("filed_on", _("线索已办结，立案日期应为台账所记的 %(date)s。") % {"date": clue.filed_on.isoformat()})
        case = Case.objects.create(clue=clue, case_no=numbers.next_case_no(filed_on.year), filed_on=filed_on)
        changes = {"case_filed": True, "filed_on": filed_on}
        before = snapshot(clue, changes)
        save_changes(clue, changes)
        record(acting_user, "case.file", clue, before=before,
               after=snapshot(clue, changes) | {"case_id": case.id, "case_no": case.case_no})
    return case


def next_stage(case: Case) -> Case.Stage | None:
    index = STAGES.index(case.stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


def do_advance_case(case_id: int, *, acting_user, expected_version: int, stage: str, on: date | None,
                    today: date | None = None) -> Case:
    """Move a case to its next stage (forward only, one stage at a time) on the day `on`:
    not before the day of the stage it leaves, not after today."""
    today = _today(today)
    with transaction.atomic():
        case = check_version(access.access_case_for_outcomes(acting_user, case_id, for_update=True), expected_version)
        target = next_stage(case)
        if target is None:
            _refuse("stage", _("案件已结案。"))
        if stage != target:
            _refuse("stage", _("案件处于“%(now)s”环节，下一环节是“%(next)s”。") % {
                "now": case.get_stage_display(), "next": target.label})
        if on is None:
            _refuse("on", _("请填写%(stage)s日期。") % {"stage": target.label})
        if refused := checks.value_errors({"stage_on": on}, today=today):
            _refuse("on", refused["stage_on"])
        previous = getattr(case, STAGE_DATE[case.stage])
        if previous and on < previous:
            _refuse("on", _("%(stage)s日期不能早于%(previous)s日期（%(date)s）。") % {
                "stage": target.label, "previous": case.get_stage_display(), "date": previous.isoformat()})
        changes = {"stage": target, STAGE_DATE[target]: on}
        before = snapshot(case, changes)
        save_changes(case, changes)
        record(acting_user, "case.advance", case.clue, before=before,
               after=snapshot(case, changes) | {"case_id": case.id, "case_no": case.case_no})
    return case


def do_add_investigated(case_id: int, *, acting_user, expected_version: int, name: str, post: str = "",
                        rank: str = "", party_member: bool = False) -> Investigated:
    """Add a person investigated (被调查人) to a case."""
    name, post = (name or "").strip(), (post or "").strip()
    errors = checks.value_errors({"investigated_name": name, "investigated_post": post, "rank": rank},
                                 today=timezone.localdate())
    errors = {{"investigated_name": "name", "investigated_post": "post"}.get(k, k): e for k, e in errors.items()}
    if not name:
        errors["name"] = _("请填写姓名。")
    with transaction.atomic():
        case = check_version(access.access_case_for_outcomes(acting_user, case_id, for_update=True), expected_version)
        if errors:
            raise ValidationError(errors)
        if case.investigated.filter(name=name).exists():
            _refuse("name", _("%(name)s已在被调查人中。") % {"name": name})
        person = Investigated.objects.create(case=case, name=name, post=post, rank=rank or "",
                                             party_member=bool(party_member))
        save_changes(case, {})
        record(acting_user, "case.investigated.add", case.clue, after=_investigated(person) | {"case_no": case.case_no})
    return person


def do_remove_investigated(case_id: int, person_id: int, *, acting_user, expected_version: int) -> None:
    with transaction.atomic():
        case = check_version(access.access_case_for_outcomes(acting_user, case_id, for_update=True), expected_version)
        person = case.investigated.filter(id=person_id).first()
        if person is None:
            _refuse("__all__", _("该被调查人已不在此案件中。"))
        before = _investigated(person) | {"case_no": case.case_no}
        person.delete()
        save_changes(case, {})
        record(acting_user, "case.investigated.remove", case.clue, before=before)


def _investigated(person: Investigated) -> dict:
    return snapshot(person, ("id", "name", "post", "rank", "party_member"))


# --- persons handled ---------------------------------------------------------------------------


def _require_reason_when_closed(clue: Clue, reason: str) -> None:
    if not clue.is_open and not (reason or "").strip():
        _refuse("reason", _("线索已办结，处理人员只能更正：请说明更正理由。"))
    if refused := checks.value_errors({"reason": reason}, today=timezone.localdate()):
        raise ValidationError(refused)


def _require_disposed(clue: Clue) -> None:
    if not clue.disposal and not clue.case_filed:
        _refuse("__all__", _("线索批准处置后才能录入处理人员。"))


def _normalised(values: dict) -> dict:
    values = dict(values)
    for name in ("name", "post"):
        values[name] = (values.get(name) or "").strip() if isinstance(values.get(name), str) else values.get(name)
    for name in ("rank", "party_member"):
        values[name] = values.get(name) or ""
    if (values.get("kind"), values.get("measure")) != m.PROBATION:
        values["probation_months"] = None
    return values


def _checked(values: dict, clue: Clue, today: date, *, other_than: int | None = None) -> dict:
    """`values` ready to store (money rounded, form derived), or ValidationError."""
    errors = checks.measure_errors(values, today=today, received_on=clue.received_on)
    if not errors:
        same = Measure.objects.filter(clue=clue, name=values["name"], kind=values["kind"], measure=values["measure"])
        if same.exclude(id=other_than).exists():
            errors["measure"] = _("%(name)s已有“%(kind)s·%(measure)s”的记录。") % {
                "name": values["name"], "kind": values["kind"], "measure": values["measure"]}
    if errors:
        raise ValidationError(errors)
    values = dict(values, recovered=checks.money(values.get("recovered")), returned=checks.money(values.get("returned")))
    values["form"] = m.form_of(values["kind"], values["measure"])
    return values


def _recount(clue: Clue) -> dict:
    """Set the clue's six counts from its persons (zero once the last one is gone); save them with
    the clue's version. Returns the counts before, for the audit entry."""
    derived = counts.counts_of(clue) or counts.counts_from([])
    if refused := validation.clue_errors({"recovered": derived["recovered"], "returned": derived["returned"]}):
        raise ValidationError(refused)  # the clue's sum must fit its own field
    before = snapshot(clue, counts.FIELDS)
    save_changes(clue, derived)
    return before


def _audit_measure(acting_user, action: str, clue: Clue, *, before: dict | None, after: dict,
                   counts_before: dict, reason: str) -> None:
    """One entry for a change of persons: the measure's fields and the clue's counts that moved."""
    clue_after = snapshot(clue, counts.FIELDS)
    moved = [name for name in counts.FIELDS if counts_before[name] != clue_after[name]]
    if moved:
        before = (before or {}) | {"counts": {name: counts_before[name] for name in moved}}
        after = after | {"counts": {name: clue_after[name] for name in moved}}
    if reason and reason.strip():
        after = after | {"reason": reason.strip(), "correction": not clue.is_open}
    record(acting_user, action, clue, before=before, after=after)


def do_add_measure(clue_id: int, *, acting_user, expected_version: int, name: str, kind: str, measure: str,
                   decided_on: date | None, probation_months: int | None = None, recovered=0, returned=0,
                   post: str = "", rank: str = "", party_member: str = "", reason: str = "",
                   today: date | None = None) -> Measure:
    """Record one measure taken against one person of the clue (a 处理人员 row)."""
    today = _today(today)
    values = _normalised({"name": name, "post": post, "rank": rank, "party_member": party_member, "kind": kind,
                          "measure": measure, "decided_on": decided_on, "probation_months": probation_months,
                          "recovered": recovered, "returned": returned})
    with transaction.atomic():
        clue = _locked_clue(acting_user, clue_id, expected_version)
        _require_disposed(clue)
        _require_reason_when_closed(clue, reason)
        values = _checked(values, clue, today)
        item = Measure.objects.create(clue=clue, created_by=acting_user, **values)
        counts_before = _recount(clue)
        _audit_measure(acting_user, "measure.add", clue, before=None,
                       after={"measure_id": item.id} | snapshot(item, AUDITED_MEASURE_FIELDS),
                       counts_before=counts_before, reason=reason)
    return item


def _locked_measure(user, measure_id: int, expected_version: int | None) -> tuple[Clue, Measure]:
    """The measure and its clue, both locked (the clue first, as every writer of its measures does)."""
    found = access.access_measure_for_outcomes(user, measure_id)
    clue = access.access_clue_for_outcomes(user, found.clue_id, for_update=True)
    item = check_version(Measure.objects.select_for_update().get(id=found.id), expected_version)
    return clue, item


def _refunded(item: Measure) -> Decimal:
    return checks.money(item.refunds.aggregate(total=Sum("amount"))["total"])


def do_change_measure(measure_id: int, *, acting_user, expected_version: int, values: dict, reason: str = "",
                      today: date | None = None) -> Measure:
    """Change a person handled: any of MEASURE_FIELDS in `values` (the form follows the measure)."""
    today = _today(today)
    unknown = set(values) - set(MEASURE_FIELDS)
    if unknown:
        _refuse("__all__", _("不能修改：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    with transaction.atomic():
        clue, item = _locked_measure(acting_user, measure_id, expected_version)
        _require_reason_when_closed(clue, reason)
        merged = _normalised({name: getattr(item, name) for name in MEASURE_FIELDS} | values)
        merged = _checked(merged, clue, today, other_than=item.id)
        if merged["returned"] < (refunded := _refunded(item)):
            _refuse("returned", _("已登记退还明细 %(refunded)s 元，退还群众金额不能少于此数。") % {"refunded": refunded})
        changes = {name: value for name, value in merged.items() if getattr(item, name) != value}
        if not changes:
            _refuse("__all__", _("没有需要修改的内容。"))
        before = snapshot(item, changes)
        save_changes(item, changes)
        counts_before = _recount(clue)
        _audit_measure(acting_user, "measure.change", clue, before=before,
                       after={"measure_id": item.id, "name": item.name} | snapshot(item, changes),
                       counts_before=counts_before, reason=reason)
    return item


def do_remove_measure(measure_id: int, *, acting_user, expected_version: int, reason: str = "") -> None:
    """Remove a person handled (with the refunds of their money)."""
    with transaction.atomic():
        clue, item = _locked_measure(acting_user, measure_id, expected_version)
        _require_reason_when_closed(clue, reason)
        before = {"measure_id": item.id} | snapshot(item, AUDITED_MEASURE_FIELDS) | {
            "refunds": [snapshot(r, ("payee", "household_id", "amount")) for r in item.refunds.all()]}
        item.delete()
        counts_before = _recount(clue)
        _audit_measure(acting_user, "measure.remove", clue, before=before, after={},
                       counts_before=counts_before, reason=reason)


# --- refunds -----------------------------------------------------------------------------------


def do_add_refund(measure_id: int, *, acting_user, expected_version: int, amount, household_id: int | None = None,
                  payee: str = "", returned_on: date | None = None, today: date | None = None) -> Refund:
    """Money of a measure's 退还群众金额 returned to a household: a roll household of the clue's
    village (or township), or a payee typed in; the refunds never exceed that amount."""
    today = _today(today)
    payee = (payee or "").strip() if isinstance(payee, str) else payee
    with transaction.atomic():
        clue, item = _locked_measure(acting_user, measure_id, expected_version)
        errors = checks.value_errors({"payee": payee, "amount": amount, "returned_on": returned_on}, today=today)
        household = None
        if household_id is not None:
            household = access.households_for_refunds(acting_user, clue).filter(id=household_id).first()
            if household is None:
                errors["household"] = _("请选择线索所属村（乡镇）的建档立卡户。")
        if household is None and not payee and "household" not in errors:
            errors["payee"] = _("请选择建档立卡户或填写退还对象。")
        if "amount" not in errors and (amount is None or checks.money(amount) <= 0):
            errors["amount"] = _("退还金额须大于零。")
        if errors:
            raise ValidationError(errors)
        amount = checks.money(amount)
        refunded = _refunded(item)
        if refunded + amount > item.returned:
            _refuse("amount", _("退还明细合计 %(total)s 元，不能超过该处理人员的退还群众金额 %(returned)s 元。") % {
                "total": refunded + amount, "returned": item.returned})
        refund = Refund.objects.create(measure=item, household=household, payee=payee or household.head_name,
                                       amount=amount, returned_on=returned_on)
        save_changes(item, {})
        record(acting_user, "refund.add", clue, after={"measure_id": item.id, "name": item.name} | snapshot(
            refund, ("id", "payee", "household_id", "amount", "returned_on")))
    return refund


def do_remove_refund(refund_id: int, *, acting_user, expected_version: int) -> None:
    """Remove a refund line; `expected_version` is its measure's."""
    found = access.access_refund_for_outcomes(acting_user, refund_id)
    with transaction.atomic():
        clue, item = _locked_measure(acting_user, found.measure_id, expected_version)
        refund = item.refunds.filter(id=refund_id).first()
        if refund is None:
            _refuse("__all__", _("该退还明细已被删除。"))
        before = {"measure_id": item.id, "name": item.name} | snapshot(
            refund, ("id", "payee", "household_id", "amount", "returned_on"))
        refund.delete()
        save_changes(item, {})
        record(acting_user, "refund.remove", clue, before=before)


# --- corrections -------------------------------------------------------------------------------


def do_correct_outcomes(clue_id: int, *, acting_user, expected_version: int, reason: str, values: dict,
                        today: date | None = None) -> Clue:
    """Correct a recorded outcome (after close-out too): the result, whether and when a case
    was filed, and — on a clue without persons handled — the six counts (with persons they
    follow from them). A reason is required; the old values stay in the audit entry."""
    today = _today(today)
    values = {name: value for name, value in values.items() if value is not None}
    if unknown := set(values) - set(CORRECTABLE):
        _refuse("__all__", _("不能更正：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    reason = reason.strip() if isinstance(reason, str) else reason
    errors = validation.clue_errors(values, today=today) | checks.value_errors({"reason": reason}, today=today)
    if not reason:
        errors["reason"] = _("请说明更正理由。")
    with transaction.atomic():
        clue = _locked_clue(acting_user, clue_id, expected_version)
        if clue.stage not in RESULT_STAGES:
            _refuse("__all__", _("线索尚未录入办理结果，无需更正。"))
        if errors:
            raise ValidationError(errors)
        errors |= _correction_conflicts(clue, values)
        if errors:
            raise ValidationError(errors)
        changes = _correction_changes(clue, values)
        if not changes:
            _refuse("__all__", _("没有需要更正的内容。"))
        before = snapshot(clue, changes)
        save_changes(clue, changes)
        record(acting_user, "outcome.correct", clue, before=before, after=snapshot(clue, changes) | {"reason": reason})
    return clue


def _correction_conflicts(clue: Clue, values: dict) -> dict:
    errors = {}
    derived = counts.counts_of(clue)
    if derived is not None:
        for name in counts.FIELDS:
            if name in values and _as_field(name, values[name]) != derived[name]:
                label = Clue._meta.get_field(name).verbose_name
                errors[name] = _("该线索已录入处理人员，%(field)s由处理人员得出（%(value)s），请修改处理人员。") % {
                    "field": label, "value": derived[name]}
    case = Case.objects.filter(clue=clue).first()
    if case is not None:
        if values.get("case_filed") is False:
            errors["case_filed"] = _("已立案（%(no)s）的线索不能改为未立案。") % {"no": case.case_no}
        if "filed_on" in values and values["filed_on"] != case.filed_on:
            errors["filed_on"] = _("立案日期以案件 %(no)s 为准（%(date)s）。") % {
                "no": case.case_no, "date": case.filed_on.isoformat()}
    filed = values.get("case_filed", clue.case_filed)
    if filed and not values.get("filed_on", clue.filed_on):
        errors["filed_on"] = _("已立案的须填写立案日期。")
    if values.get("filed_on") and values["filed_on"] < clue.received_on:
        errors["filed_on"] = _("立案日期不能早于线索受理日期（%(date)s）。") % {"date": clue.received_on.isoformat()}
    return errors


def _as_field(name: str, value):
    return checks.money(value) if name in counts.MONEY_FIELDS else value


def _correction_changes(clue: Clue, values: dict) -> dict:
    wanted = {name: _as_field(name, value) for name, value in values.items()}
    if wanted.get("case_filed") is False:
        wanted["filed_on"] = None
    return {name: value for name, value in wanted.items() if getattr(clue, name) != value}
