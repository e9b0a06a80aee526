"""What a periodic report says, as plain data: sections of tables, charts and lines.

Every indicator comes from reports.indicators (`summary` for the period, the previous
period and the same period a year before; `breakdown(..., "quarter")` for the trend), so
each figure equals `report stats --from START --to END` over the same clues. The lists
(the day's intake, overdue and supervised clues) and the backlog's age bands are queries
of their own, aggregated or sliced in the database: nothing here loads all clues.

A clue is *open at the end* of a period when it was received by the end and not closed by
it (closed_on empty or later) — the rule of the indicator overdue_open, whose clues are
the open ones with a time limit (due_on) before the end.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qingfeng.clues.models import Channel, Source, SupervisionNotice
from qingfeng.reports import indicators
from qingfeng.reports.periodic.periods import Period

# The lists of the page, the PDF and the Word copy stop after LIST_CAP rows with a line
# "另有 N 条未列出"; the Excel copy lists up to XLSX_LIST_CAP (a county's whole overdue list).
LIST_CAP = 500
XLSX_LIST_CAP = 100_000
TITLES = {
    "day": gettext_noop("问题线索日收集清单"), "week": gettext_noop("问题线索周汇总"),
    "month": gettext_noop("问题线索月排查报告"), "quarter": gettext_noop("问题线索季度分析报告"),
}
# The columns of the breakdown tables (all keys are in the Excel copy's comparison sheet).
MAIN_KEYS = ("clues_received", "petitions_received", "cases_filed", "persons_sanctioned", "first_form",
             "recovered", "returned", "overdue_open")
FORM_KEYS = ("form_1", "form_2", "form_3", "form_4")
# Backlog age bands: days from received_on to the period's end, (lowest, highest) inclusive.
AGE_BANDS = ((0, 30), (31, 90), (91, 180), (181, 365), (366, None))
TREND_KEYS = ("clues_received", "cases_filed", "persons_sanctioned")
GROUP_HEADINGS = {"township": gettext_noop("所属乡镇"), "source": gettext_noop("线索来源"),
                  "category": gettext_noop("问题类别"), "campaign": gettext_noop("专项治理主题")}


@dataclass
class Change:
    """A relative change (0.25 = +25 %); None when the base is zero."""

    value: float | None

    def __str__(self) -> str:
        return "—" if self.value is None else f"{self.value * 100:+.1f}%"


@dataclass
class Table:
    key: str  # a stable name (tests, Excel sheet order)
    title: str
    headings: list[str]
    rows: list[list]  # int, Decimal (元: every Decimal is an amount), str, date, Change or None
    note: str = ""  # e.g. "另有 12 条未列出"
    numbers_from: int = 1


@dataclass
class Chart:
    name: str  # the page's ?chart=
    title: str
    kind: str  # "line", "bars" or "composition"
    labels: list[str] = field(default_factory=list)
    series: dict[str, list[float]] = field(default_factory=dict)
    parts: dict[str, float] = field(default_factory=dict)


@dataclass
class Section:
    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    scope_name: str
    title: str
    subtitle: str
    figures: dict  # the period's indicators (as indicators.compute)
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def table(self, key: str) -> Table:
        return next(t for s in self.sections for t in s.tables if t.key == key)

    def chart(self, name: str) -> Chart | None:
        return next((c for s in self.sections for c in s.charts if c.name == name), None)


def build(period: Period, clues: QuerySet, accountability: QuerySet, scope_name: str,
          list_cap: int = LIST_CAP) -> Report:
    """The report of `period` over `clues` and `accountability`, both already scoped
    (reports.scope.stats_clues / stats_accountability, or all of them for the command)."""
    builder = {"day": _day, "week": _week, "month": _month, "quarter": _quarter}[period.kind]
    figures, sections = builder(period, clues, accountability, list_cap)
    title = _("%(scope)s%(title)s") % {"scope": scope_name, "title": _(TITLES[period.kind])}
    subtitle = _("%(label)s（%(span)s）") % {"label": period.label, "span": period.span}
    return Report(period, scope_name, title, subtitle, figures, sections)


# --- the four kinds -------------------------------------------------------------------------

def _day(period, clues, accountability, cap):
    figures = indicators.compute(clues, period.start, period.end, accountability)
    overview = Section("overview", _("当日概况"), lines=[
        _("当日受理问题线索 %(clues)s 件，其中信访举报 %(petitions)s 件；立案 %(filed)s 件。") % {
            "clues": figures["clues_received"], "petitions": figures["petitions_received"],
            "filed": figures["cases_filed"]}],
        tables=[_figures_table(period, [(period.label, figures)])])
    return figures, [overview, Section("intake", _("当日受理线索清单"), tables=[_intake(period, clues, cap)])]


def _week(period, clues, accountability, cap):
    totals, tables = indicators.summary(clues, period.start, period.end, ("township", "source"), accountability)
    compared = _compared(period, clues, accountability)
    overview = Section("overview", _("本周概况"), lines=[_summary_line(period, totals)],
                       tables=[_figures_table(period, [(period.label, totals), *compared])])
    return totals, [
        overview,
        Section("township", _("按乡镇汇总"), tables=[_breakdown("township", tables["township"])]),
        Section("source", _("按线索来源汇总"), tables=[_breakdown("source", tables["source"])]),
    ]


def _month(period, clues, accountability, cap):
    totals = indicators.compute(clues, period.start, period.end, accountability)
    compared = _compared(period, clues, accountability)
    overview = Section("overview", _("本月概况"), lines=[_summary_line(period, totals)],
                       tables=[_figures_table(period, [(period.label, totals), *compared])])
    return totals, [
        overview,
        Section("overdue", _("超期未办结线索"), lines=[_overdue_line(period, totals)],
                tables=[_overdue(period, clues, totals["overdue_open"], cap)]),
        Section("supervised", _("督办线索"), tables=[_supervised(period, clues, cap)]),
        Section("backlog", _("积压线索（按受理时长）"), tables=_backlog(period, clues)),
    ]


def _quarter(period, clues, accountability, cap):
    dimensions = ("township", "category", "source", "campaign")
    totals, tables = indicators.summary(clues, period.start, period.end, dimensions, accountability)
    before = period.previous()
    year_ago = period.year_before()
    prev_totals, prev_tables = indicators.summary(clues, before.start, before.end, ("township",), accountability)
    ago_totals, ago_tables = indicators.summary(clues, year_ago.start, year_ago.end, ("township",), accountability)
    columns = [(period.label, totals), (_("上季度"), prev_totals), (_("去年同期"), ago_totals)]
    overview = Section("overview", _("主要指标"), lines=[_summary_line(period, totals)],
                       tables=[_figures_table(period, columns)])
    overview.charts = [_trend(period, clues, accountability),
                       _township_bars(tables["township"], prev_tables["township"], ago_tables["township"],
                                      [label for label, _f in columns])]
    forms = Section("forms", _("运用监督执纪“四种形态”"), lines=[_forms_line(totals)],
                    tables=[_forms_table(columns)], charts=[_forms_chart(totals)])
    sections = [overview, forms]
    titles = {"township": _("按乡镇分析"), "category": _("按问题类别分析"), "source": _("按线索来源分析"),
              "campaign": _("按专项治理主题分析")}
    previous_by_township = {r["key"]: r for r in prev_tables["township"]}
    ago_by_township = {r["key"]: r for r in ago_tables["township"]}
    for dimension in dimensions:
        table = _breakdown(dimension, tables[dimension])
        if dimension == "township":  # this quarter's intake beside the two before, as in the chart
            table.headings += [_("受理线索（上季度）"), _("受理线索（去年同期）")]
            for row, source in zip(table.rows, tables["township"]):
                row += [previous_by_township.get(source["key"], {}).get("clues_received", 0),
                        ago_by_township.get(source["key"], {}).get("clues_received", 0)]
        sections.append(Section(dimension, titles[dimension], tables=[table]))
    sections.append(Section("backlog", _("积压线索（按受理时长）"), tables=_backlog(period, clues)))
    sections.append(Section("overdue", _("超期未办结线索"), lines=[_overdue_line(period, totals)],
                            tables=[_overdue(period, clues, totals["overdue_open"], cap)]))
    return totals, sections


# --- figures --------------------------------------------------------------------------------

def _compared(period, clues, accountability) -> list[tuple[str, dict]]:
    before, year_ago = period.previous(), period.year_before()
    names = {"week": (_("上周"), _("去年同期")), "month": (_("上月"), _("去年同期")),
             "quarter": (_("上季度"), _("去年同期"))}[period.kind]
    return [(names[0], indicators.compute(clues, before.start, before.end, accountability)),
            (names[1], indicators.compute(clues, year_ago.start, year_ago.end, accountability))]


def _change(now, base) -> Change:
    return Change(None if not base else float((Decimal(now) - Decimal(base)) / Decimal(base)))


def _figures_table(period, columns: list[tuple[str, dict]]) -> Table:
    """Every §2 indicator, in the sections of the stats page; with the periods before and
    their changes (环比 against the previous period, 同比 against a year before)."""
    headings = [_("指标")] + [label for label, _f in columns]
    compare = len(columns) == 3
    if compare:
        headings += [_("环比"), _("同比")]
    rows = []
    for section_title, keys in indicators.SECTIONS:
        rows.append([_(section_title)] + [None] * (len(headings) - 1))
        for key in keys:
            values = [figures[key] for _label, figures in columns]
            row = [_(indicators.LABELS[key]), *values]
            if compare:
                row += [_change(values[0], values[1]), _change(values[0], values[2])]
            rows.append(row)
    return Table("figures", _("主要指标"), headings, rows)


def _summary_line(period, totals) -> str:
    return _("%(label)s受理问题线索 %(clues)s 件（信访举报 %(petitions)s 件），立案 %(filed)s 件，"
             "党纪政务处分 %(sanctioned)s 人，追缴金额 %(recovered)s 元，退还群众金额 %(returned)s 元；"
             "期末超期未办结线索 %(overdue)s 件。") % {
        "label": period.label, "clues": totals["clues_received"], "petitions": totals["petitions_received"],
        "filed": totals["cases_filed"], "sanctioned": totals["persons_sanctioned"],
        "recovered": f"{totals['recovered']:.2f}", "returned": f"{totals['returned']:.2f}",
        "overdue": totals["overdue_open"]}


def _breakdown(dimension: str, rows: list[dict]) -> Table:
    headings = [_(GROUP_HEADINGS[dimension])] + [
        _(indicators.LABELS[k]) for k in MAIN_KEYS]
    body = [[indicators.row_label(dimension, r["key"])] + [r[k] for k in MAIN_KEYS] for r in rows]
    return Table(dimension, _(indicators.DIMENSION_LABELS[dimension]), headings, body)


FORM_NAMES = {"form_1": gettext_noop("第一种形态"), "form_2": gettext_noop("第二种形态"),
              "form_3": gettext_noop("第三种形态"), "form_4": gettext_noop("第四种形态")}


def _forms_line(totals) -> str:
    total = sum(totals[k] for k in FORM_KEYS)
    if not total:
        return _("本期没有运用“四种形态”处理的人次。")
    shares = _("，").join(_("%(form)s %(count)s 人次（%(share)s）") % {
        "form": _(FORM_NAMES[k]), "count": totals[k], "share": f"{totals[k] / total:.1%}"} for k in FORM_KEYS)
    return _("本期运用“四种形态”处理 %(total)s 人次：%(shares)s。") % {"total": total, "shares": shares}


def _forms_table(columns) -> Table:
    headings = [_("形态")] + [label for label, _f in columns] + [_("本期占比")]
    total = sum(columns[0][1][k] for k in FORM_KEYS)
    rows = [[_(indicators.LABELS[k])] + [f[k] for _l, f in columns]
            + [f"{columns[0][1][k] / total:.1%}" if total else "—"] for k in FORM_KEYS]
    rows.append([_("合计")] + [sum(f[k] for k in FORM_KEYS) for _l, f in columns] + ["100.0%" if total else "—"])
    return Table("forms", _("“四种形态”人次"), headings, rows)


def _forms_chart(totals) -> Chart:
    return Chart("forms", _("“四种形态”构成"), "composition",
                 parts={_(FORM_NAMES[k]): totals[k] for k in FORM_KEYS})


def _trend(period, clues, accountability) -> Chart:
    """The last five quarters (this one included), from the quarter breakdown of their window."""
    first = period.shifted(-4)
    rows = {r["key"]: r for r in indicators.breakdown(clues, first.start, period.end, "quarter", accountability)}
    quarters = [period.shifted(step) for step in range(-4, 1)]
    keys = [f"{q.start.year}年第{(q.start.month - 1) // 3 + 1}季度" for q in quarters]
    return Chart("trend", _("近五个季度走势"), "line", labels=[q.value for q in quarters], series={
        _(indicators.LABELS[k]): [rows.get(key, {}).get(k, 0) for key in keys] for k in TREND_KEYS})


def _township_bars(now, before, ago, names) -> Chart:
    labels = [r["key"] for r in now]
    for rows in (before, ago):  # a township with clues only in an earlier period still shows
        labels += [r["key"] for r in rows if r["key"] not in labels]
    series = {}
    for name, rows in zip(names, (now, before, ago)):
        by_key = {r["key"]: r["clues_received"] for r in rows}
        series[name] = [by_key.get(label, 0) for label in labels]
    return Chart("township", _("各乡镇受理线索"), "bars", labels=[indicators.row_label("township", k) for k in labels],
                 series=series)


# --- lists and the backlog ------------------------------------------------------------------

def _more(total: int, shown: int) -> str:
    return _("另有 %(count)s 条未列出。") % {"count": total - shown} if total > shown else ""


def _intake(period, clues, cap) -> Table:
    """The clues received in the period: no reporter's identity, ever."""
    received = clues.filter(received_on__gte=period.start, received_on__lte=period.end)
    rows = list(received.order_by("received_on", "clue_no").values_list(
        "clue_no", "source", "channel", "township__name", "subject", "category", "summary")[:cap])
    body = [[no, _label(Source, source), _label(Channel, channel) if channel else "", town or _(indicators.NO_TOWNSHIP), subject, category or
             _(indicators.NO_CATEGORY), summary] for no, source, channel, town, subject, category, summary in rows]
    headings = [_("线索编号"), _("线索来源"), _("反映方式"), _("所属乡镇"), _("被反映人"), _("问题类别"), _("主要问题")]
    total = received.count() if len(rows) == cap else len(rows)
    return Table("intake", _("受理线索"), headings, body, note=_more(total, len(rows)), numbers_from=99)


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else value


def _overdue_line(period, totals) -> str:
    return _("截至 %(end)s，超期未办结线索 %(count)s 件（办理时限早于期末且期末未办结）。") % {
        "end": period.end.isoformat(), "count": totals["overdue_open"]}


def _overdue(period, clues, total: int, cap) -> Table:
    """The overdue clues at the period's end, longest overdue first; `total` is overdue_open."""
    rows = list(clues.filter(indicators.overdue_at(period.end)).order_by("due_on", "clue_no").values_list(
        "clue_no", "received_on", "township__name", "source", "category", "subject", "due_on", "handler_unit")[:cap])
    body = [[no, received, town or _(indicators.NO_TOWNSHIP), _label(Source, source), category, subject, due,
             (period.end - due).days, unit] for no, received, town, source, category, subject, due, unit in rows]
    headings = [_("线索编号"), _("受理日期"), _("所属乡镇"), _("线索来源"), _("问题类别"), _("被反映人"), _("办理时限"),
                _("超期天数"), _("承办单位")]
    return Table("overdue", _("超期未办结线索"), headings, body, note=_more(total, len(rows)), numbers_from=99)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _supervised(period, clues, cap) -> Table:
    """Clues under 督办 at the period's end: a notice issued by then, and either still open
    at the end or notified within the period. Level is the highest notice's."""
    until = _aware(period.end + timedelta(days=1))
    notices = SupervisionNotice.objects.filter(clue__in=clues.order_by().values("id"), issued_at__lt=until)
    per_clue = (notices.order_by().values("clue_id")
                .annotate(level=Max("level"), count=Count("id"), last=Max("issued_at"), reply_by=Max("reply_by")))
    open_ids = clues.filter(indicators.open_at(period.end)).order_by().values("id")
    chosen = per_clue.filter(Q(clue_id__in=open_ids) | Q(last__gte=_aware(period.start))).order_by("-level", "last")
    total = chosen.count()
    picked = list(chosen[:cap])
    details = {c["id"]: c for c in clues.filter(id__in=[p["clue_id"] for p in picked]).order_by().values(
        "id", "clue_no", "township__name", "subject", "due_on", "closed_on")}
    levels = dict(SupervisionNotice.Level.choices)
    body = []
    for p in picked:
        c = details[p["clue_id"]]
        closed = c["closed_on"] is not None and c["closed_on"] <= period.end
        body.append([c["clue_no"], c["township__name"] or _(indicators.NO_TOWNSHIP), c["subject"],
                     str(levels.get(p["level"], p["level"])), p["count"], timezone.localdate(p["last"]),
                     p["reply_by"], c["due_on"], _("已办结") if closed else _("未办结")])
    headings = [_("线索编号"), _("所属乡镇"), _("被反映人"), _("督办级别"), _("督办次数"), _("最近督办日期"),
                _("回复时限"), _("办理时限"), _("期末状态")]
    return Table("supervised", _("督办线索"), headings, body, note=_more(total, len(body)), numbers_from=99)


def _band_label(low, high) -> str:
    if high is None:
        return _("%(days)s天以上") % {"days": low - 1}
    if low == 0:
        return _("%(days)s天以内") % {"days": high}
    return _("%(low)s—%(high)s天") % {"low": low, "high": high}


def _backlog(period, clues) -> list[Table]:
    """Open clues at the period's end by days since receipt: per band (with the overdue
    among them) and per township × band — two grouped queries."""
    end = period.end
    expressions = {}
    for index, (low, high) in enumerate(AGE_BANDS):
        band = Q(received_on__lte=end - timedelta(days=low))
        if high is not None:
            band &= Q(received_on__gte=end - timedelta(days=high))
        expressions[f"b{index}"] = Count("id", filter=band)
        expressions[f"o{index}"] = Count("id", filter=band & Q(due_on__lt=end))
    open_clues = clues.filter(indicators.open_at(end)).order_by()
    totals = open_clues.aggregate(**expressions)
    labels = [_band_label(low, high) for low, high in AGE_BANDS]
    rows = [[label, totals[f"b{i}"], totals[f"o{i}"]] for i, label in enumerate(labels)]
    rows.append([_("合计"), sum(r[1] for r in rows), sum(r[2] for r in rows)])
    bands = Table("backlog", _("期末未办结线索"), [_("受理时长"), _("未办结"), _("其中超期")], rows)
    by_town = list(open_clues.values("township__name", "township__path").annotate(
        **{k: v for k, v in expressions.items() if k.startswith("b")}).order_by("township__path"))
    town_rows = [[r["township__name"] or _(indicators.NO_TOWNSHIP)] + [r[f"b{i}"] for i in range(len(AGE_BANDS))]
                 + [sum(r[f"b{i}"] for i in range(len(AGE_BANDS)))] for r in by_town]
    towns = Table("backlog_township", _("各乡镇未办结线索"), [_("所属乡镇"), *labels, _("合计")], town_rows)
    return [bands, towns]
