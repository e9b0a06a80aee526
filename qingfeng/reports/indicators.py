"""The standard indicators of the clue ledger (shared/spec/ledger.md §2).

All figures are database aggregates (conditional COUNT/SUM, one query per table and
grouping), so they run the same on SQLite and PostgreSQL and never load clues,
measures or 问责 rows into Python. Three tables count:

- clues (the first twelve keys): by quarter, each indicator falls in the quarter of
  its own event date — received_on for the intake figures (the petitions cohort and
  overdue_open included: the quarter the clue came in), filed_on for cases_filed,
  closed_on for the outcome sums;
- persons handled (cases.Measure, person-times 人次) by decided_on in the window: the
  measures of the clues in scope; grouped by their clue's township, source, category
  and campaign;
- 问责 (cases.Accountability) by decided_on in the window: the rows in scope (by owner,
  reports.scope.stats_accountability); grouped by the row's own township and by the
  linked clue's source, category and campaign — rows without a clue fall in the empty
  group of those three (（未关联线索）, （未分类）, "").

The rows of every breakdown add up to the total, with one exception:
village_cadres_sanctioned counts distinct persons (clue and name). A person belongs to
one clue, so the township, source, category and campaign rows still add up; by quarter
a person sanctioned in two quarters counts in each, and once in the total.
"""

import re
from datetime import date
from decimal import Decimal

from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat, ExtractQuarter, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qingfeng.cases.measures import SANCTION_KINDS, Form, Rank, TargetType
from qingfeng.cases.models import Accountability, Campaign, Measure
from qingfeng.clues.models import Source
from qingfeng.core.months import quarter_of
from qingfeng.places.models import Jurisdiction

CLUE_KEYS = (
    "clues_received", "petitions_received", "petitions_closed", "repeat_petitions", "cases_filed",
    "persons_sanctioned", "org_handled", "first_form", "judicial", "recovered", "returned", "overdue_open",
)
MEASURE_KEYS = ("form_1", "form_2", "form_3", "form_4", "party_sanctions", "gov_sanctions",
                "village_cadres_sanctioned")
ACCOUNTABILITY_KEYS = ("accountability_units", "accountability_leaders", "principal_leaders_accountable")
KEYS = CLUE_KEYS + MEASURE_KEYS + ACCOUNTABILITY_KEYS
AMOUNT_KEYS = ("recovered", "returned")
# Labels stay Chinese here (Excel and CLI output); the web page translates them when rendering.
LABELS = {
    "clues_received": gettext_noop("受理问题线索"), "petitions_received": gettext_noop("受理信访举报"),
    "petitions_closed": gettext_noop("信访举报已办结"), "repeat_petitions": gettext_noop("重复信访举报"),
    "cases_filed": gettext_noop("立案数"), "persons_sanctioned": gettext_noop("党纪政务处分人数"),
    "org_handled": gettext_noop("组织处理人数"), "first_form": gettext_noop("第一种形态人数"),
    "judicial": gettext_noop("移送司法人数"), "recovered": gettext_noop("追缴金额（元）"),
    "returned": gettext_noop("退还群众金额（元）"), "overdue_open": gettext_noop("超期未办结线索"),
    "form_1": gettext_noop("第一种形态（人次）"), "form_2": gettext_noop("第二种形态（人次）"),
    "form_3": gettext_noop("第三种形态（人次）"), "form_4": gettext_noop("第四种形态（人次）"),
    "party_sanctions": gettext_noop("党纪处分（人次）"), "gov_sanctions": gettext_noop("政务处分（人次）"),
    "village_cadres_sanctioned": gettext_noop("受党纪政务处分村(社区)干部人数"),
    "accountability_units": gettext_noop("问责党组织（个次）"),
    "accountability_leaders": gettext_noop("问责领导干部（人次）"),
    "principal_leaders_accountable": gettext_noop("其中主要负责人（人次）"),
}
# The page and the Excel copy show the keys in these sections, in this order.
SECTIONS = (
    (gettext_noop("线索"), ("clues_received", "petitions_received", "petitions_closed", "repeat_petitions",
                          "overdue_open")),
    (gettext_noop("案件"), ("cases_filed", "persons_sanctioned", "org_handled", "first_form", "judicial",
                          "party_sanctions", "gov_sanctions", "village_cadres_sanctioned", "recovered", "returned")),
    (gettext_noop("四种形态"), ("form_1", "form_2", "form_3", "form_4")),
    (gettext_noop("问责"), ACCOUNTABILITY_KEYS),
)
SECTION_KEYS = tuple(key for _title, keys in SECTIONS for key in keys)
NO_TOWNSHIP, NO_CATEGORY = gettext_noop("（未填写乡镇）"), gettext_noop("（未分类）")
NO_SOURCE = gettext_noop("（未关联线索）")  # only 问责 rows without a clue have no source
NO_CAMPAIGN = ""  # the contract's key (§3); pages and Excel show CAMPAIGN_NONE_LABEL
CAMPAIGN_NONE_LABEL = gettext_noop("（未纳入专项治理）")
DIMENSIONS = ("quarter", "township", "source", "category", "campaign")
DIMENSION_LABELS = {
    "quarter": gettext_noop("按季度"), "township": gettext_noop("按乡镇"),
    "source": gettext_noop("按线索来源"), "category": gettext_noop("按问题类别"),
    "campaign": gettext_noop("按专项治理主题"),
}
# Which date puts a clue indicator into a quarter (see the module docstring; persons handled
# and 问责 go by their decided_on).
EVENT_DATE = {key: "received_on" for key in CLUE_KEYS} | {"cases_filed": "filed_on"} | {
    key: "closed_on" for key in ("persons_sanctioned", "org_handled", "first_form", "judicial", "recovered", "returned")
}
# The grouping columns every table is brought to (its own path to each): one cell shape.
_GROUPS = {
    "clues": {"g_township": "township_id", "g_source": "source", "g_category": "category",
              "g_campaign": "campaign_id"},
    "measures": {"g_township": "clue__township_id", "g_source": "clue__source", "g_category": "clue__category",
                 "g_campaign": "clue__campaign_id"},
    "accountability": {"g_township": "township_id", "g_source": "clue__source", "g_category": "clue__category",
                       "g_campaign": "clue__campaign_id"},
}


def open_at(day: date) -> Q:
    """Clues open at the end of `day`: received by then, not closed by then."""
    return Q(received_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def overdue_at(day: date) -> Q:
    """Of those, the ones whose time limit passed before `day` (overdue_open)."""
    return open_at(day) & Q(due_on__lt=day)


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
        "overdue": overdue_at(date_to),
    }


def _expressions(date_from: date, date_to: date, keys=CLUE_KEYS) -> dict:
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


def _measure_expressions() -> dict:
    # A person is their name within the clue (ledger.md §4).
    person = Concat(Cast("clue_id", output_field=CharField()), Value("|"), "name", output_field=CharField())
    return {
        **{f"form_{form}": Count("id", filter=Q(form=form)) for form in Form.values},
        "party_sanctions": Count("id", filter=Q(kind=SANCTION_KINDS[0])),
        "gov_sanctions": Count("id", filter=Q(kind=SANCTION_KINDS[1])),
        "village_cadres_sanctioned": Count(person, distinct=True,
                                           filter=Q(rank=Rank.VILLAGE, kind__in=SANCTION_KINDS)),
    }


def _accountability_expressions() -> dict:
    leader = Q(target_type=TargetType.LEADER)
    return {
        "accountability_units": Count("id", filter=Q(target_type=TargetType.ORGANISATION)),
        "accountability_leaders": Count("id", filter=leader),
        "principal_leaders_accountable": Count("id", filter=leader & Q(principal=True)),
    }


def clue_aggregates(date_from: date, date_to: date, keys=CLUE_KEYS, prefix: str = "") -> dict:
    """The clue indicators `keys` of a window as aggregate expressions named prefix + key, for a
    caller that groups or combines windows itself (the dashboard reads two windows and the
    open clues in one grouped query): the definitions of `compute` and `summary`."""
    return {prefix + key: value for key, value in _expressions(date_from, date_to, keys).items()}


def measure_aggregates(keys=MEASURE_KEYS) -> dict:
    """The person-time indicators `keys` as aggregate expressions over `measures_in(...)`."""
    every = _measure_expressions()
    return {key: every[key] for key in keys}


def relevant(clues: QuerySet, date_from: date, date_to: date) -> QuerySet:
    """The clues that count towards at least one clue indicator of the window."""
    c = _conditions(date_from, date_to)
    return clues.filter(c["received"] | c["filed"] | c["closed"] | c["overdue"])


def measures_in(clues: QuerySet, date_from: date, date_to: date) -> QuerySet:
    """The persons handled of `clues` decided in the window: scoped exactly as the clues are."""
    return Measure.objects.filter(clue__in=clues.order_by().values("id"),
                                  decided_on__gte=date_from, decided_on__lte=date_to).order_by()


def accountability_in(clues: QuerySet, accountability: QuerySet | None, date_from: date, date_to: date) -> QuerySet:
    """The 问责 rows decided in the window. `accountability` is the caller's scoped queryset
    (reports.scope.stats_accountability); without one, only the rows linked to `clues`,
    so that a caller who forgets the scope is never shown more than its clues."""
    if accountability is None:
        accountability = Accountability.objects.filter(clue__in=clues.order_by().values("id"))
    return accountability.filter(decided_on__gte=date_from, decided_on__lte=date_to).order_by()


def _clean(raw: dict) -> dict:
    out = {}
    for key in KEYS:
        value = raw.get(key)
        if key in AMOUNT_KEYS:
            out[key] = Decimal(value or 0).quantize(Decimal("0.01"))
        else:
            out[key] = int(value or 0)
    return out


def compute(clues: QuerySet, date_from: date, date_to: date, accountability: QuerySet | None = None) -> dict:
    """The indicators over `clues` (already scoped to what the user may see), their
    measures, and `accountability` (see accountability_in)."""
    raw = relevant(clues, date_from, date_to).order_by().aggregate(**_expressions(date_from, date_to))
    raw |= measures_in(clues, date_from, date_to).aggregate(**_measure_expressions())
    raw |= accountability_in(clues, accountability, date_from, date_to).aggregate(**_accountability_expressions())
    return _clean(raw)


def as_json(figures: dict) -> dict:
    """Amounts as numbers in 元 with two decimals, counts as integers."""
    return {key: (round(float(v), 2) if key in AMOUNT_KEYS else v) for key, v in figures.items()}


def breakdown(clues: QuerySet, date_from: date, date_to: date, dimension: str,
              accountability: QuerySet | None = None) -> list[dict]:
    """Rows {"key": label, <indicators>} of one breakdown, without all-zero rows."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown breakdown {dimension!r} (use one of {', '.join(DIMENSIONS)})")
    if dimension == "quarter":  # its own queries: the grouped cells of `summary` are not needed
        measures = measures_in(clues, date_from, date_to)
        held = accountability_in(clues, accountability, date_from, date_to)
        return _shown_rows(_by_quarter(clues, measures, held, date_from, date_to))
    return summary(clues, date_from, date_to, (dimension,), accountability)[1][dimension]


def summary(clues: QuerySet, date_from: date, date_to: date, dimensions=DIMENSIONS,
            accountability: QuerySet | None = None) -> tuple[dict, dict]:
    """The totals and the breakdowns `dimensions` in a handful of grouped queries.

    One query per table groups by (township, source, category, campaign), the finest
    grain those four breakdowns and the totals share; every figure there is a count or
    a sum — or a distinct count of persons, each of whom sits in one cell — so the
    cells add up in Python to each breakdown. The quarter breakdown groups each clue
    event date by day (three small queries, no per-row date functions on the large
    table) and the measures and 问责 rows by their decision's quarter.
    """
    measures = measures_in(clues, date_from, date_to)
    held = accountability_in(clues, accountability, date_from, date_to)
    cells = _cells(relevant(clues, date_from, date_to).order_by(), "clues", _expressions(date_from, date_to))
    cells += _cells(measures, "measures", _measure_expressions())
    cells += _cells(held, "accountability", _accountability_expressions())
    totals = _clean(_add_up(cells, lambda c: None).get(None, {}))
    tables = {}
    for dimension in dimensions:
        if dimension == "quarter":
            rows = _by_quarter(clues, measures, held, date_from, date_to)
        else:
            rows = _rolled_up(cells, dimension)
        tables[dimension] = _shown_rows(rows)
    return totals, tables


def _shown_rows(rows: list[dict]) -> list[dict]:
    """A breakdown's rows in their order, without all-zero rows."""
    rows = [r for r in rows if any(r[k] for k in KEYS)]
    rows.sort(key=lambda r: r.pop("_order"))
    return rows


def _cells(queryset: QuerySet, table: str, expressions: dict) -> list[dict]:
    groups = {alias: F(path) for alias, path in _GROUPS[table].items()}
    return list(queryset.values(**groups).annotate(**expressions))


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
            id__in={c["g_township"] for c in cells}).values_list("id", "name", "path")}
        return [
            {"key": places[tid][0] if tid in places else NO_TOWNSHIP,
             "_order": (tid not in places, places[tid][1] if tid in places else ""), **_clean(values)}
            for tid, values in _add_up(cells, lambda c: c["g_township"]).items()
        ]
    if dimension == "source":
        return [{"key": source or NO_SOURCE, "_order": _SOURCE_ORDER.get(source, 99), **_clean(values)}
                for source, values in _add_up(cells, lambda c: c["g_source"] or "").items()]
    if dimension == "campaign":
        campaigns = {cid: (name, year, quarter) for cid, name, year, quarter in Campaign.objects.filter(
            id__in={c["g_campaign"] for c in cells}).values_list("id", "name", "year", "quarter")}
        return [
            {"key": campaigns[cid][0] if cid in campaigns else NO_CAMPAIGN,
             "_order": _campaign_order(campaigns.get(cid)), **_clean(values)}
            for cid, values in _add_up(cells, lambda c: c["g_campaign"]).items()
        ]
    return [{"key": category or NO_CATEGORY, "_order": (not category, category), **_clean(values)}
            for category, values in _add_up(cells, lambda c: c["g_category"] or "").items()]


def _campaign_order(campaign: tuple | None) -> tuple:
    """In time order, campaigns without a quarter after those with one; no campaign last."""
    if campaign is None:
        return (2, 0, 0, "")
    name, year, quarter = campaign
    return (int(year is None), year or 0, quarter or 0, name)


def _by_quarter(clues: QuerySet, measures: QuerySet, held: QuerySet, date_from: date, date_to: date) -> list[dict]:
    # Each clue query reads only the clues its date can count: received (and overdue) by `to`,
    # filed or closed within the window (filed_on and closed_on are indexed).
    scopes = {
        "received_on": Q(received_on__lte=date_to),
        "filed_on": Q(filed_on__gte=date_from, filed_on__lte=date_to),
        "closed_on": Q(closed_on__gte=date_from, closed_on__lte=date_to),
    }
    merged: dict[tuple, dict] = {}
    for field, scope in scopes.items():
        keys = [k for k in CLUE_KEYS if EVENT_DATE[k] == field]
        days = clues.filter(scope).order_by().values(field).annotate(**_expressions(date_from, date_to, keys))
        for quarter, values in _add_up(days, lambda d, f=field: quarter_of(d[f])).items():
            merged.setdefault(quarter, dict.fromkeys(KEYS, 0)).update({k: values[k] for k in keys})
    # Grouped by the quarter itself (not by day): a distinct person counts once a quarter.
    for queryset, expressions in ((measures, _measure_expressions()), (held, _accountability_expressions())):
        quarters = queryset.values(q_year=ExtractYear("decided_on"), q_quarter=ExtractQuarter("decided_on"))
        for row in quarters.annotate(**expressions):
            merged.setdefault((row["q_year"], row["q_quarter"]), dict.fromkeys(KEYS, 0)).update(
                {k: row[k] for k in expressions})
    return [
        {"key": f"{year}年第{quarter}季度", "_order": (year, quarter), **_clean(values)}
        for (year, quarter), values in merged.items()
    ]


QUARTER_KEY = re.compile(r"(\d+)年第(\d)季度")


def row_label(dimension: str, key: str) -> str:
    """A breakdown row key in the reader's language (the keys stay Chinese for Excel and the CLI)."""
    if dimension == "source" and key in Source.values:
        return str(Source(key).label)
    if dimension == "quarter" and (m := QUARTER_KEY.fullmatch(key)):
        return _("%(year)s年第%(quarter)s季度") % {"year": m[1], "quarter": m[2]}
    if dimension == "campaign" and key == NO_CAMPAIGN:
        return _(CAMPAIGN_NONE_LABEL)
    return _(key) if key in (NO_TOWNSHIP, NO_CATEGORY, NO_SOURCE) else key


_SOURCE_ORDER = {value: index for index, value in enumerate(Source.values)}
