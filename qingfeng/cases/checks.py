"""The checks of a person handled, a person investigated and a refund, for the pages and the API alike.

Built on qingfeng.clues.validation's rules (lengths, control characters, amounts within
max_digits, dates not after today) with the models of this app; on top of them what
ledger.md §4 says about measures: the measure must be one of its kind's, 留党察看 is
decided for 12 or 24 months, a 党纪处分 is for party members.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from qingfeng.cases import measures as m
from qingfeng.cases.models import Case, Investigated, Measure, Refund
from qingfeng.clues import validation as v
from qingfeng.clues.models import TEXT_MAX_LENGTH

RULES = {
    "name": v.Rule(v.LINE, Measure, "name"),
    "post": v.Rule(v.LINE, Measure, "post"),
    "rank": v.Rule(v.CHOICE, Measure, "rank", tuple(m.Rank.values)),
    "party_member": v.Rule(v.CHOICE, Measure, "party_member", (m.PARTY_MEMBER, m.NON_MEMBER)),
    "kind": v.Rule(v.CHOICE, Measure, "kind", tuple(m.Kind.values)),
    "decided_on": v.Rule(v.PAST, Measure, "decided_on"),
    "recovered": v.Rule(v.AMOUNT, Measure, "recovered"),
    "returned": v.Rule(v.AMOUNT, Measure, "returned"),
    "payee": v.Rule(v.LINE, Refund, "payee"),
    "amount": v.Rule(v.AMOUNT, Refund, "amount"),
    "returned_on": v.Rule(v.PAST, Refund, "returned_on"),
    "investigated_name": v.Rule(v.LINE, Investigated, "name"),
    "investigated_post": v.Rule(v.LINE, Investigated, "post"),
    "stage_on": v.Rule(v.PAST, Case, "filed_on"),
}
REASON_MAX_LENGTH = TEXT_MAX_LENGTH


def value_errors(values: dict, *, today: date) -> dict[str, str]:
    """Name → message for each value that may not be stored (empty values pass; names without a rule pass)."""
    errors = {}
    for name, value in values.items():
        rule = RULES.get(name)
        if value is None or value == "" or (rule is None and name != "reason"):
            continue
        message = _reason_error(value) if rule is None else v.CHECKS[rule.kind](rule, value, today)
        if message:
            errors[name] = message
    return errors


def _reason_error(value) -> str | None:
    if value.__class__ is not str:
        return _("更正理由应为文字。")
    if (code := v.forbidden_character(value, multiline=True)) is not None:
        return _("更正理由含有不可见的控制字符（%(code)s），请删除后重新提交。") % {"code": code}
    if len(value) > REASON_MAX_LENGTH:
        return _("更正理由最多 %(limit)s 字。") % {"limit": REASON_MAX_LENGTH}
    return None


def measure_errors(values: dict, *, today: date, received_on: date | None = None) -> dict[str, str]:
    """The checks of a whole measure (`values` has every field of Measure the actions set)."""
    errors = value_errors(values, today=today)
    if not (values.get("name") or "").strip():
        errors["name"] = _("请填写姓名。")
    kind, measure = values.get("kind"), values.get("measure")
    if "kind" not in errors:
        if not kind:
            errors["kind"] = _("请选择处理类别。")
        elif not isinstance(measure, str) or not m.is_measure(kind, measure):
            errors["measure"] = _("“%(kind)s”没有“%(measure)s”这一处理种类，请选择：%(choices)s") % {
                "kind": kind, "measure": str(measure or "")[:20], "choices": "、".join(m.MEASURES[kind])}
    if (kind, measure) == m.PROBATION and values.get("probation_months") not in m.PROBATION_MONTHS:
        errors["probation_months"] = _("留党察看须写明察看期：12个月或24个月。")
    if kind == m.Kind.PARTY and values.get("party_member") == m.NON_MEMBER:
        errors["party_member"] = _("党纪处分只适用于中共党员。")
    decided_on = values.get("decided_on")
    if decided_on is None:
        errors.setdefault("decided_on", _("请填写决定日期。"))
    elif "decided_on" not in errors and received_on and decided_on < received_on:
        errors["decided_on"] = _("决定日期不能早于线索受理日期（%(date)s）。") % {"date": received_on.isoformat()}
    return errors


def money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))
