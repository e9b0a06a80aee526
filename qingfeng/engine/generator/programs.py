"""Subsidy programs of the demo data and their standards (补助标准)."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Program:
    name: str
    cycle: str  # 月 季 年 一次性
    scope: str  # 个人 户
    requires_roll: bool
    department: str
    standards: tuple[tuple[float, dt.date, dt.date | None], ...]  # (max_amount, valid_from, valid_to)
    amount_range: tuple[int, int]  # background amounts in 元 (within every window's max)


D = dt.date
DIBAO = Program("农村低保金", "月", "户", True, "县民政局",
                ((600.0, D(2017, 1, 1), D(2018, 12, 31)), (700.0, D(2019, 1, 1), None)), (200, 580))
TEKUN = Program("特困人员供养金", "月", "个人", True, "县民政局", ((900.0, D(2017, 1, 1), None),), (500, 880))
CANJI = Program("残疾人两项补贴", "月", "个人", False, "县残联", ((100.0, D(2017, 1, 1), None),), (50, 100))
YANGLAO = Program("城乡居民基础养老金", "月", "个人", False, "县人社局", ((150.0, D(2017, 1, 1), None),), (103, 113))
CHANYE = Program("产业发展奖补", "季", "户", True, "县农业农村局", ((2000.0, D(2017, 1, 1), None),), (500, 2000))
GONGYILIN = Program("生态公益林补偿", "年", "户", False, "县林业局", ((1500.0, D(2017, 1, 1), None),), (100, 1500))
YULU = Program("雨露计划助学", "一次性", "个人", True, "县教育局", ((3000.0, D(2017, 1, 1), None),), (1500, 3000))
WEIFANG = Program("危房改造补助", "一次性", "户", True, "县住建局", ((20000.0, D(2018, 3, 1), None),), (8000, 20000))

PROGRAMS = (DIBAO, TEKUN, CANJI, YANGLAO, CHANYE, GONGYILIN, YULU, WEIFANG)
BY_NAME = {p.name: p for p in PROGRAMS}

YEARS = (2018, 2019)


def standards_rows() -> list[dict]:
    return [
        {"program": p.name, "max_amount": amount, "cycle": p.cycle, "scope": p.scope,
         "requires_roll": p.requires_roll, "valid_from": start, "valid_to": end}
        for p in PROGRAMS for amount, start, end in p.standards
    ]


def period_label(cycle: str, start: dt.date) -> str:
    if cycle == "季":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    if cycle == "年":
        return str(start.year)
    return f"{start.year}-{start.month:02d}"


def period_start(label: str) -> dt.date:
    """Start of a normalised period label (2018-03, 2018Q2, 2018)."""
    if "Q" in label:
        year, quarter = label.split("Q")
        return dt.date(int(year), 3 * int(quarter) - 2, 1)
    if "-" in label:
        year, month = label.split("-")
        return dt.date(int(year), int(month), 1)
    return dt.date(int(label), 1, 1)
