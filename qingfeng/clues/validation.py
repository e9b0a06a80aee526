"""One set of checks of a clue's values, for every way a clue comes in.

The web form, the API, the ledger import, the cross-check adapter and the public
portal each parse their input their own way (a form field, JSON, a spreadsheet
cell, a hit); what they then want to store is checked here, so they cannot drift
apart. The limits come from the model fields (max_length, max_digits,
decimal_places, choices) and qingfeng.clues.limits' message for over-long text.

Values are keyed by the names the actions take (`reporter_name`, `amount_involved`,
`reason` …). An empty value (None or "") is never an error here: which fields a
new clue needs is `required_errors`; whether an empty cell keeps or clears a value
is the caller's business.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.clues import limits
from qingfeng.clues.models import CATEGORIES, Channel, Clue, Disposal, Reporter, Source, State, SupervisionNotice
from qingfeng.core.text import forbidden_character

LINE, TEXT, CHOICE, AMOUNT, COUNT, PAST, DEADLINE = "line", "text", "choice", "amount", "count", "past", "deadline"
EARLIEST = date(1990, 1, 1)  # nothing the commission handles happened before; an earlier date is a typing slip
DEADLINE_YEARS = 10  # a deadline further ahead than this is a typing slip too
MAX_COUNT = 100_000  # persons in one clue
SHOWN_VALUE = 20  # characters of a refused value quoted in its message


@dataclass(frozen=True)
class Rule:
    kind: str
    model: type
    field: str
    choices: tuple = ()

    @property
    def label(self) -> str:
        return str(self.model._meta.get_field(self.field).verbose_name)

    @cached_property  # read per text cell of an import: looked up once per rule
    def max_length(self) -> int:
        return self.model._meta.get_field(self.field).max_length or 0


def _rules(kind, names, model=Clue) -> dict:
    return {name: Rule(kind, model, name) for name in names}


RULES: dict[str, Rule] = {
    **_rules(LINE, ("clue_no", "subject", "subject_post", "handler_unit", "handler_name")),
    "reporter_name": Rule(LINE, Reporter, "name"),
    "reporter_contact": Rule(LINE, Reporter, "contact"),
    **_rules(TEXT, ("summary", "note", "result")),
    "reason": Rule(TEXT, Clue, "proposal_reason"),
    "message": Rule(TEXT, SupervisionNotice, "message"),
    "source": Rule(CHOICE, Clue, "source", tuple(Source.values)),
    "channel": Rule(CHOICE, Clue, "channel", tuple(Channel.values)),
    "category": Rule(CHOICE, Clue, "category", CATEGORIES),
    "disposal": Rule(CHOICE, Clue, "disposal", tuple(Disposal.values)),
    "state": Rule(CHOICE, Clue, "state", tuple(State.values)),
    **_rules(AMOUNT, ("amount_involved", "recovered", "returned")),
    **_rules(COUNT, ("persons_sanctioned", "org_handled", "first_form", "judicial")),
    **_rules(PAST, ("received_on", "closed_on", "filed_on", "feedback_on", "acknowledged_on")),
    **_rules(DEADLINE, ("due_on",)),
    "reply_by": Rule(DEADLINE, SupervisionNotice, "reply_by"),
}
# What a new clue cannot be without, whichever way it comes in.
REQUIRED = ("source", "summary")


def field_error(name: str, value, *, today: date | None = None) -> str | None:
    """The message refusing `value` for the field `name`, or None when it may be stored."""
    rule = RULES.get(name)
    if rule is None or value is None or value == "":
        return None
    return CHECKS[rule.kind](rule, value, today)  # the date checks find today themselves when not given


def checker(name: str):
    """`field_error` for one field, looked up once: for the ledger import's hundreds of thousands of cells."""
    rule = RULES.get(name)
    if rule is None:
        return lambda value: None
    check = CHECKS[rule.kind]

    def check_value(value):
        return None if value is None or value == "" else check(rule, value, None)

    return check_value


def clue_errors(values: dict, *, today: date | None = None) -> dict[str, str]:
    """Name → message for every value in `values` that may not be stored (names without a rule pass)."""
    today = today or timezone.localdate()
    errors = {}
    for name, value in values.items():
        message = field_error(name, value, today=today)
        if message:
            errors[name] = message
    return errors


def required_errors(values: dict) -> dict[str, str]:
    """Name → message for each field a new clue needs that `values` leaves empty."""
    errors = {}
    for name in REQUIRED:
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = _("%(field)s不能为空。") % {"field": RULES[name].label}
    return errors


def check_new_clue(values: dict, *, today: date | None = None) -> None:
    """Raise ValidationError (field → message) unless `values` make an acceptable new clue."""
    errors = required_errors(values) | clue_errors(values, today=today)
    if errors:
        raise ValidationError(errors)


def _shown(value) -> str:
    text = str(value)
    clean = "".join("?" if forbidden_character(c) else c for c in text[:SHOWN_VALUE])
    return clean + ("…" if len(text) > SHOWN_VALUE else "")


def _text(rule: Rule, value, today) -> str | None:
    if value.__class__ is not str:
        return _("%(field)s应为文字。") % {"field": rule.label}
    code = forbidden_character(value, multiline=rule.kind == TEXT)
    if code:
        return _("%(field)s含有不可见的控制字符（%(code)s），请删除后重新提交。") % {"field": rule.label, "code": code}
    if len(value) <= rule.max_length:  # the common case, without building a message
        return None
    return limits.length_error(rule.model, rule.field, value)


def _choice(rule: Rule, value, today: date) -> str | None:
    if value not in rule.choices:
        return _("未知的%(field)s：%(value)s（应为 %(choices)s 之一）") % {
            "field": rule.label, "value": _shown(value), "choices": "、".join(rule.choices)}
    return None


def _amount(rule: Rule, value, today: date) -> str | None:
    field = rule.model._meta.get_field(rule.field)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = None
    if isinstance(value, bool) or amount is None or not amount.is_finite():
        return _("%(field)s不是有效的金额：%(value)s") % {"field": rule.label, "value": _shown(value)}
    if amount < 0:
        return _("%(field)s不能为负数：%(value)s") % {"field": rule.label, "value": _shown(value)}
    whole = field.max_digits - field.decimal_places
    if amount >= Decimal(10) ** whole or amount.as_tuple().exponent < -field.decimal_places:
        return _("%(field)s超出范围：%(value)s（整数部分最多 %(whole)s 位，小数最多 %(places)s 位）") % {
            "field": rule.label, "value": _shown(value), "whole": whole, "places": field.decimal_places}
    return None


def _count(rule: Rule, value, today: date) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return _("%(field)s应为人数（非负整数）。") % {"field": rule.label}
    if value < 0:
        return _("%(field)s不能为负数：%(value)s") % {"field": rule.label, "value": value}
    if value > MAX_COUNT:
        return _("%(field)s过大：%(value)s（最多 %(max)s）") % {"field": rule.label, "value": value, "max": MAX_COUNT}
    return None


def _too_early(rule: Rule, value: date) -> str:
    return _("%(field)s不能早于 %(date)s。") % {"field": rule.label, "date": EARLIEST.isoformat()}


def _past(rule: Rule, value, today: date | None) -> str | None:
    if not isinstance(value, date):
        return _("%(field)s应为日期。") % {"field": rule.label}
    if value > (today or timezone.localdate()):
        return _("%(field)s不能晚于今天。") % {"field": rule.label}
    return _too_early(rule, value) if value < EARLIEST else None


def _deadline(rule: Rule, value, today: date | None) -> str | None:
    if not isinstance(value, date):
        return _("%(field)s应为日期。") % {"field": rule.label}
    latest = date((today or timezone.localdate()).year + DEADLINE_YEARS, 12, 31)
    if value > latest:
        return _("%(field)s不能晚于 %(date)s。") % {"field": rule.label, "date": latest.isoformat()}
    return _too_early(rule, value) if value < EARLIEST else None


CHECKS = {LINE: _text, TEXT: _text, CHOICE: _choice, AMOUNT: _amount, COUNT: _count, PAST: _past, DEADLINE: _deadline}
