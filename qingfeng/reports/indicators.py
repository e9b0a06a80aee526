"""The standard indicators of the clue ledger (shared/spec/ledger.md §2).

All figures are database aggregates (conditional COUNT/SUM in one query per
table), so they run the same on SQLite and PostgreSQL and never load clues into
Python. A breakdown groups the same expressions by township, source or category
(one grouped query serves the three, see `summary`); by quarter, each indicator
falls in the quarter of its own event date — received_on for the intake figures
(the petitions cohort and overdue_open included: the quarter the clue came in), filed_on for cases_filed, closed_on for the outcome sums — so
the rows of every breakdown add up to the total.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_noop

from qingfeng.clues.models import Source
from qingfeng.places.models import Jurisdiction

KEYS = (
    "clues_received", "petitions_received", "petitions_closed", "repeat_petitions", "cases_filed",
    "persons_sanctioned", "org_handled", "first_form", "judicial", "recovered", "returned", "overdue_open",
)
AMOUNT_KEYS = ("recovered", "returned")
# Labels stay Chinese here (Excel and CLI output); the web page translates them when rendering.
LABELS = {
    "clues_received": gettext_noop("受理问题线索"), "petitions_received": gettext_noop("受理信访举报"),
    "petitions_closed": gettext_noop("信访举报已办结"), "repeat_petitions": gettext_noop("重复信访举报"),
    "cases_filed": gettext_noop("立案数"), "persons_sanctioned": gettext_noop("党纪政务处分人数"),
    "org_handled": gettext_noop("组织处理人数"), "first_form": gettext_noop("第一种形态人数"),
    "judicial": gettext_noop("移送司法人数"), "recovered": gettext_noop("追缴金额（元）"),
    "returned": gettext_noop("退还群众金额（元）"), "overdue_open": gettext_noop("超期未办结线索"),
}
NO_TOWNSHIP, NO_CATEGORY = gettext_noop("（未填写乡镇）"), gettext_noop("（未分类）")
DIMENSIONS = ("quarter", "township", "source", "category")
DIMENSION_LABELS = {
    "quarter": gettext_noop("按季度"), "township": gettext_noop("按乡镇"),
    "source": gettext_noop("按线索来源"), "category": gettext_noop("按问题类别"),
}
# Which date puts an indicator into a quarter (see the module docstring).
EVENT_DATE = {key: "received_on" for key in KEYS} | {"cases_filed": "filed_on"} | {
    key: "closed_on" for key in ("persons_sanctioned", "org_handled", "first_form", "judicial", "recovered", "returned")
}


def _conditions(date_from: date, date_to: date) -> dict[str, Q]:
    received = Q(received_on__gte=date_from, received_on__lte=date_to)
    petition = received & Q(source=Source.PETITION)
    closed = Q(closed_on__gte=date_from, closed_on__lte=date_to)
    return {
        "received": received,
        "petition": petition,
        "petition_closed": petition & Q(closed_on__lte=date_to),
        "repeat": petition & Q(is_repeat=True),
        "filed": Q(filed_on__gte=date_from, filed_on__lte=date_to),
        "closed": closed,
        # Open at the end of the window: not closed by `to`, deadline already passed.
        "overdue": Q(received_on__lte=date_to, due_on__lt=date_to)
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)),
    }


def _expressions(date_from: date, date_to: date, keys=KEYS) -> dict:
    c = _conditions(date_from, date_to)
    every = {
        "clues_received": Count("id", filter=c["received"]),
        "petitions_received": Count("id", filter=c["petition"]),
        "petitions_closed": Count("id", filter=c["petition_closed"]),
        "repeat_petitions": Count("id", filter=c["repeat"]),
        "cases_filed": Count("id", filter=c["filed"]),
        "persons_sanctioned": Sum("persons_sanctioned", filter=c["closed"]),
        "org_handled": Sum("org_handled", filter=c["closed"]),
        "first_form": Sum("first_form", filter=c["closed"]),
        "judicial": Sum("judicial", filter=c["closed"]),
        "recovered": Sum("recovered", filter=c["closed"]),
        "returned": Sum("returned", filter=c["closed"]),
        "overdue_open": Count("id", filter=c["overdue"]),
    }
    return {key: every[key] for key in keys}


def relevant(clues: QuerySet, date_from: date, date_to: date) -> QuerySet:
    """The clues that count towards at least one indicator of the window."""
    c = _conditions(date_from, date_to)
    return clues.filter(c["received"] | c["filed"] | c["closed"] | c["overdue"])


def _clean(raw: dict, keys=KEYS) -> dict:
    out = {}
    for key in keys:
        value = raw.get(key)
        if key in AMOUNT_KEYS:
            out[key] = Decimal(value or 0).quantize(Decimal("0.01"))
        else:
            out[key] = int(value or 0)
    return out


def compute(clues: QuerySet, date_from: date, date_to: date) -> dict:
    """The 12 indicators over `clues` (already scoped to what the user may see)."""
    raw = relevant(clues, date_from, date_to).order_by().aggregate(**_expressions(date_from, date_to))
    return _clean(raw)


def as_json(figures: dict) -> dict:
    """Amounts as numbers in 元 with two decimals, counts as integers."""
    return {key: (round(float(v), 2) if key in AMOUNT_KEYS else v) for key, v in figures.items()}


def breakdown(clues: QuerySet, date_from: date, date_to: date, dimension: str) -> list[dict]:
    """Rows {"key": label, <12 indicators>} of one breakdown, without all-zero rows."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown breakdown {dimension!r} (use one of {', '.join(DIMENSIONS)})")
    return summary(clues, date_from, date_to, (dimension,))[1][dimension]


def summary(clues: QuerySet, date_from: date, date_to: date, dimensions=DIMENSIONS) -> tuple[dict, dict]:
    """The totals and the breakdowns `dimensions` in at most four grouped queries.

    One query groups by (township, source, category), the finest grain those three
    breakdowns and the totals share; every figure is a count or a sum, so the rows
    add up in Python to each breakdown. The quarter breakdown groups each event
    date by day (three small queries, no per-row date functions) and folds the days
    into quarters.
    """
    base = relevant(clues, date_from, date_to).order_by()
    cells = list(base.values("township_id", "source", "category").annotate(**_expressions(date_from, date_to)))
    totals = _clean(_add_up(cells, lambda c: None).get(None, {}))
    tables = {}
    for dimension in dimensions:
        if dimension == "quarter":
            rows = _by_quarter(clues, date_from, date_to)
        else:
            rows = _rolled_up(cells, dimension)
        rows = [r for r in rows if any(r[k] for k in KEYS)]
        rows.sort(key=lambda r: r.pop("_order"))
        tables[dimension] = rows
    return totals, tables


def _add_up(rows, key_of) -> dict:
    """Sums of the indicator columns of `rows`, per key_of(row); None counts as 0."""
    sums: dict = {}
    for row in rows:
        slot = sums.setdefault(key_of(row), dict.fromkeys(KEYS, 0))
        for key in KEYS:
            if row.get(key):
                slot[key] += row[key]
    return sums


def _rolled_up(cells: list[dict], dimension: str) -> list[dict]:
    if dimension == "township":
        places = {pid: (name, path) for pid, name, path in Jurisdiction.objects.filter(
            id__in={c["township_id"] for c in cells}).values_list("id", "name", "path")}
        return [
            {"key": places[tid][0] if tid in places else NO_TOWNSHIP,
             "_order": (tid not in places, places[tid][1] if tid in places else ""), **_clean(values)}
            for tid, values in _add_up(cells, lambda c: c["township_id"]).items()
        ]
    if dimension == "source":
        return [{"key": source, "_order": _SOURCE_ORDER.get(source, 99), **_clean(values)}
                for source, values in _add_up(cells, lambda c: c["source"]).items()]
    return [{"key": category or NO_CATEGORY, "_order": (not category, category), **_clean(values)}
            for category, values in _add_up(cells, lambda c: c["category"]).items()]


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _by_quarter(clues: QuerySet, date_from: date, date_to: date) -> list[dict]:
    # Each query reads only the clues its date can count: received (and overdue) by `to`,
    # filed or closed within the window (filed_on and closed_on are indexed).
    scopes = {
        "received_on": Q(received_on__lte=date_to),
        "filed_on": Q(filed_on__gte=date_from, filed_on__lte=date_to),
        "closed_on": Q(closed_on__gte=date_from, closed_on__lte=date_to),
    }
    merged: dict[tuple, dict] = {}
    for field, scope in scopes.items():
        keys = [k for k in KEYS if EVENT_DATE[k] == field]
        days = clues.filter(scope).order_by().values(field).annotate(**_expressions(date_from, date_to, keys))
        for quarter, values in _add_up(days, lambda d, f=field: _quarter(d[f])).items():
            merged.setdefault(quarter, dict.fromkeys(KEYS, 0)).update({k: values[k] for k in keys})
    return [
        {"key": f"{year}年第{quarter}季度", "_order": (year, quarter), **_clean(values)}
        for (year, quarter), values in merged.items()
    ]


_SOURCE_ORDER = {value: index for index, value in enumerate(Source.values)}
