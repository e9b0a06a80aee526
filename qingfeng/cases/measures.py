"""What can be done to a person, and what follows from it (shared/spec/ledger.md §4-§5).

Pure: no models, no database. The kinds and measures of 处理人员, the 四种形态 form of
each measure, and the period a sanction stays in effect (影响期):

- 党纪处分 (《中国共产党纪律处分条例》): 警告 12 months, 严重警告 18, 撤销党内职务 24,
  留党察看 12 or 24 months of probation, 开除党籍 5 years before readmission;
- 政务处分 (《公职人员政务处分法》 art. 8): 警告 6 months, 记过 12, 记大过 18, 降级 24,
  撤职 24; 开除 has no period (it ends the post for good).
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core.months import add_months


class Kind(models.TextChoices):
    PARTY = "党纪处分", _("党纪处分")
    GOVERNMENT = "政务处分", _("政务处分")
    ORGANISATIONAL = "组织处理", _("组织处理")
    FIRST_FORM = "第一种形态", _("第一种形态")
    JUDICIAL = "移送司法", _("移送司法")


class Form(models.IntegerChoices):
    FIRST = 1, _("第一种")
    SECOND = 2, _("第二种")
    THIRD = 3, _("第三种")
    FOURTH = 4, _("第四种")


class Rank(models.TextChoices):
    COUNTY = "县处级", _("县处级")
    TOWNSHIP = "乡科级", _("乡科级")
    GENERAL = "一般干部", _("一般干部")
    VILLAGE = "村(社区)干部", _("村(社区)干部")
    OTHER = "其他", _("其他")


PARTY_MEMBER, NON_MEMBER = "中共党员", "非中共党员"
SANCTION_KINDS = (Kind.PARTY, Kind.GOVERNMENT)

# Each kind's measures, in the order of the contract; with each measure its form and
# its period of effect in months (None: none).
_TABLE: dict[str, tuple[tuple[str, int, int | None], ...]] = {
    Kind.PARTY: (("警告", 2, 12), ("严重警告", 2, 18), ("撤销党内职务", 3, 24), ("留党察看", 3, 12),
                 ("开除党籍", 3, 60)),
    Kind.GOVERNMENT: (("警告", 2, 6), ("记过", 2, 12), ("记大过", 2, 18), ("降级", 3, 24), ("撤职", 3, 24),
                      ("开除", 3, None)),
    Kind.ORGANISATIONAL: (("调离岗位", 2, None), ("停职检查", 2, None), ("责令辞职", 2, None), ("免职", 2, None),
                          ("降职", 2, None)),
    Kind.FIRST_FORM: (("谈话提醒", 1, None), ("批评教育", 1, None), ("责令检查", 1, None), ("诫勉", 1, None),
                      ("函询了结", 1, None)),
    Kind.JUDICIAL: (("移送检察机关", 4, None),),
}
MEASURES: dict[str, tuple[str, ...]] = {kind: tuple(m for m, _f, _p in rows) for kind, rows in _TABLE.items()}
_FORM = {(kind, m): form for kind, rows in _TABLE.items() for m, form, _p in rows}
_MONTHS = {(kind, m): months for kind, rows in _TABLE.items() for m, _f, months in rows}
PROBATION = (Kind.PARTY, "留党察看")
PROBATION_MONTHS = (12, 24)
FORM_NAMES = {1: "第一种", 2: "第二种", 3: "第三种", 4: "第四种"}
FORM_NUMBERS = {name: number for number, name in FORM_NAMES.items()}


def is_measure(kind: str, measure: str) -> bool:
    return (kind, measure) in _FORM


def form_of(kind: str, measure: str) -> int:
    """The 四种形态 form (1-4) of a measure; KeyError for a measure the kind does not have."""
    return _FORM[(kind, measure)]


def effect_months(kind: str, measure: str, probation_months: int | None = None) -> int | None:
    """How long the measure stays in effect, in months (None: it has no period).
    留党察看 is 12 or 24 months of probation, as decided (12 when not given)."""
    if (kind, measure) == PROBATION:
        return probation_months if probation_months in PROBATION_MONTHS else 12
    return _MONTHS[(kind, measure)]


def effect_ends(decided_on: date | None, kind: str, measure: str, probation_months: int | None = None) -> date | None:
    """The day the period of effect ends (None when the measure has none or no date)."""
    months = effect_months(kind, measure, probation_months)
    if decided_on is None or months is None:
        return None
    return add_months(decided_on, months)


# 问责 (§5): who can be held accountable, for what, and how.
class TargetType(models.TextChoices):
    ORGANISATION = "党组织", _("党组织")
    LEADER = "领导干部", _("领导干部")


class Responsibility(models.TextChoices):
    PRINCIPAL = "主体责任", _("主体责任")
    SUPERVISORY = "监督责任", _("监督责任")
    LEADING = "领导责任", _("领导责任")


ACCOUNTABILITY_MEASURES: dict[str, tuple[str, ...]] = {
    TargetType.ORGANISATION: ("检查", "通报", "改组"),
    TargetType.LEADER: ("通报", "诫勉", "组织调整或者组织处理", "纪律处分"),
}
