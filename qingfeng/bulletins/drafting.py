"""What a month's bulletin says, worked out from the persons handled (cases.Measure).

One item per person — their clue and name (ledger.md §4) — given a 党纪处分 or 政务处分
whose 决定日期 falls in the month; a person's 党纪处分 and 政务处分 make one item whose
measure text names both ("给予其党内警告、政务记过处分"). The item's date is the
person's earliest decision of the month; items are ordered by it (then township, name).
Facts come from the clue's 主要问题 (summary), the post from the measure (else the
clue's 被反映人单位及职务). The month's totals are the §2 indicators over the month,
county-wide (the bulletin is the county's).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from qingfeng.cases import measures as m
from qingfeng.cases.models import Accountability, Measure
from qingfeng.clues.models import Clue
from qingfeng.reports import indicators
from qingfeng.reports.periodic import periods

# How a measure is worded in a bulletin (给予其…处分).
_PARTY_WORDS = {"警告": "党内警告", "严重警告": "党内严重警告", "撤销党内职务": "撤销党内职务",
                "留党察看": "留党察看", "开除党籍": "开除党籍"}
_GOVERNMENT_WORDS = {"警告": "政务警告", "记过": "政务记过", "记大过": "政务记大过", "降级": "政务降级",
                     "撤职": "政务撤职", "开除": "开除公职"}
_PROBATION = {12: "一年", 24: "二年"}


@dataclass
class Person:
    clue_id: int
    name: str
    post: str
    township: str
    facts: str
    measure_text: str
    decided_on: date


def month_window(year: int, month: int) -> tuple[date, date]:
    covered = periods.month(year, month)
    return covered.start, covered.end


def _measure_words(measure: Measure) -> str:
    if measure.kind == m.Kind.PARTY:
        words = _PARTY_WORDS.get(measure.measure, measure.measure)
        if measure.measure == "留党察看" and measure.probation_months in _PROBATION:
            words += _PROBATION[measure.probation_months]
        return words
    return _GOVERNMENT_WORDS.get(measure.measure, measure.measure)


def measure_text(measures: list[Measure]) -> str:
    """给予其党内警告、政务记过处分 (party first, then government; each in decision order)."""
    ordered = sorted(measures, key=lambda x: (x.kind != m.Kind.PARTY, x.decided_on, x.id))
    words = []
    for measure in ordered:
        word = _measure_words(measure)
        if word not in words:
            words.append(word)
    return "给予其" + "、".join(words) + "处分"


def persons(year: int, month: int) -> list[Person]:
    start, end = month_window(year, month)
    rows = (Measure.objects.filter(kind__in=m.SANCTION_KINDS, decided_on__gte=start, decided_on__lte=end)
            .select_related("clue__township").order_by("decided_on", "id"))
    grouped: dict[tuple[int, str], list[Measure]] = {}
    for row in rows:
        grouped.setdefault((row.clue_id, row.name), []).append(row)
    found = []
    for (clue_id, name), measures in grouped.items():
        clue = measures[0].clue
        post = next((x.post for x in measures if x.post), "") or clue.subject_post
        found.append(Person(
            clue_id=clue_id, name=name, post=post, township=clue.township.name if clue.township else "",
            facts=clue.summary, measure_text=measure_text(measures), decided_on=min(x.decided_on for x in measures)))
    found.sort(key=lambda p: (p.decided_on, p.township, p.name, p.clue_id))
    return found


def _plain(value):
    return f"{value:.2f}" if isinstance(value, Decimal) else value


def totals(year: int, month: int) -> dict:
    """The month's figures the bulletin prints (amounts as strings with two decimals): the §2
    indicators of the month, county-wide, so they read as `report stats` for the month does."""
    start, end = month_window(year, month)
    figures = indicators.compute(Clue.objects.all(), start, end, Accountability.objects.all())
    keys = ("cases_filed", "persons_sanctioned", "party_sanctions", "gov_sanctions", "village_cadres_sanctioned",
            "form_1", "form_2", "form_3", "form_4", "recovered", "returned", "accountability_units",
            "accountability_leaders")
    return {key: _plain(figures[key]) for key in keys}


def totals_text(figures: dict) -> str:
    """The totals paragraph of the bulletin."""
    forms = sum(int(figures.get(f"form_{n}", 0)) for n in (1, 2, 3, 4))
    return (
        f"本月全县共立案{figures.get('cases_filed', 0)}件，给予党纪政务处分{figures.get('persons_sanctioned', 0)}人"
        f"（党纪处分{figures.get('party_sanctions', 0)}人次、政务处分{figures.get('gov_sanctions', 0)}人次），"
        f"其中村（社区）干部{figures.get('village_cadres_sanctioned', 0)}人；"
        f"运用监督执纪“四种形态”处理{forms}人次；追缴资金{figures.get('recovered', '0.00')}元，"
        f"退还群众资金{figures.get('returned', '0.00')}元；问责党组织{figures.get('accountability_units', 0)}个次、"
        f"领导干部{figures.get('accountability_leaders', 0)}人次。"
    )


def default_title(year: int, month: int) -> str:
    return f"关于{year}年{month}月查处的扶贫领域腐败和作风问题典型案例的通报"


def default_preface(year: int, month: int) -> str:
    return (f"{year}年{month}月，全县各级纪检监察机关聚焦扶贫领域腐败和作风问题，严肃查处了一批侵害群众利益的"
            "违纪违法案件。为进一步严明纪律、强化警示，现将部分典型案例通报如下：")


DEFAULT_ADDRESSEE = "各乡镇（街道）党（工）委、纪（工）委，县直各单位："
DEFAULT_CLOSING = ("上述案例警示我们，扶贫资金是群众的“保命钱”“救命钱”，任何人都不能染指。各级党组织要切实履行"
                   "主体责任，各级纪检监察机关要强化监督执纪问责，对扶贫领域腐败和作风问题发现一起、查处一起、通报一起。")
