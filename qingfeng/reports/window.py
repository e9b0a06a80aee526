"""The date window of the statistics and ledger pages (?from=…&to=…, received dates, inclusive)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.engine.normalize import parse_date


def parse_window(query) -> tuple[date, date, list[str]]:
    """(from, to, errors) of a query mapping; defaults: 1 January of this year .. today.

    An unreadable date falls back to its default and a reversed window is swapped,
    each with a message for the page."""
    today = timezone.localdate()
    errors, values = [], {}
    for name, default in (("from", date(today.year, 1, 1)), ("to", today)):
        raw = (query.get(name) or "").strip()
        try:
            values[name] = parse_date(raw) if raw else default
        except ValueError:
            errors.append(_("无法识别的日期：%(value)s") % {"value": raw})
            values[name] = default
    if values["from"] > values["to"]:
        errors.append(_("开始日期不能晚于结束日期。"))
        values["from"], values["to"] = values["to"], values["from"]
    return values["from"], values["to"], errors
