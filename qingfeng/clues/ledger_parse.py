"""Turning one ledger row into clue values, with a reason for every value refused.

Single values are checked here; rules between columns (已办结 needs 办结日期…) are
checked on the merged clue in `ledger_rules`, because a row that updates a clue
may leave some columns out.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from qingfeng.clues import ledger_columns as lc
from qingfeng.clues.ledger_read import cell_text, is_blank
from qingfeng.engine.normalize import parse_amount, parse_date
from qingfeng.places.models import Jurisdiction


@dataclass
class ParsedRow:
    row: int
    clue_no: str = ""
    values: dict = field(default_factory=dict)  # Clue field -> value, for the columns present
    reporter: str | None = None  # None: column absent
    contact: str | None = None
    township: Jurisdiction | None = None
    village: Jurisdiction | None = None
    has_place: bool = False
    extra: dict = field(default_factory=dict)  # unknown header -> text ('' removes the note)
    problems: list = field(default_factory=list)  # (column, reason)


class PlaceIndex:
    """Townships and villages by name (or code), loaded once per import."""

    def __init__(self):
        places = list(Jurisdiction.objects.filter(level__in=["township", "village"]))
        self.townships: dict[str, list] = {}
        self.villages: dict[tuple, Jurisdiction] = {}
        self.villages_by_name: dict[str, list] = {}
        for p in places:
            if p.level == "township":
                self.townships.setdefault(p.name, []).append(p)
                self.townships.setdefault(p.code, []).append(p)
        for p in places:
            if p.level == "village":
                self.villages[(p.parent_id, p.name)] = p
                self.villages_by_name.setdefault(p.name, []).append(p)
        self.by_id = {p.id: p for p in places}

    def township(self, name: str) -> Jurisdiction:
        found = self.townships.get(name, [])
        if not found:
            raise ValueError(f"未知的乡镇：{name}")
        if len(found) > 1:
            raise ValueError(f"乡镇名称不唯一：{name}（请填写乡镇代码）")
        return found[0]

    def village(self, township: Jurisdiction | None, name: str) -> Jurisdiction:
        if township is not None:
            if (township.id, name) not in self.villages:
                raise ValueError(f"{township.name}没有名为“{name}”的村")
            return self.villages[(township.id, name)]
        found = self.villages_by_name.get(name, [])
        if len(found) != 1:
            raise ValueError(f"未知或不唯一的村：{name}（请同时填写所属乡镇）")
        return found[0]


class HeaderMap:
    """Which cell of a row holds which column; unknown headers become notes in `extra`."""

    def __init__(self, headers: list):
        self.known: list[tuple[int, lc.Column]] = []
        self.unknown: list[tuple[int, str]] = []
        seen = set()
        for index, header in enumerate(headers):
            column = lc.column_for_header(header)
            if column is not None and column.canonical not in seen:
                seen.add(column.canonical)
                self.known.append((index, column))
            elif not is_blank(header):
                self.unknown.append((index, lc.clean_header(header)))
        self.present = seen


def parse_row(row: int, cells: list, header: HeaderMap, places: PlaceIndex) -> ParsedRow:
    parsed = ParsedRow(row=row)
    township_text = village_text = None
    for index, column in header.known:
        value = cells[index] if index < len(cells) else None
        try:
            if column.kind == lc.CLUE_NO:
                parsed.clue_no = _text(value, column)
            elif column.kind == lc.REPORTER:
                parsed.reporter = _text(value, column)
            elif column.kind == lc.CONTACT:
                parsed.contact = _text(value, column)
            elif column.kind == lc.TOWNSHIP:
                township_text = cell_text(value)
            elif column.kind == lc.VILLAGE:
                village_text = cell_text(value)
            else:
                parsed.values[column.field] = PARSERS[column.kind](value, column)
        except ValueError as e:
            parsed.problems.append((column.zh, str(e)))
    _resolve_places(parsed, township_text, village_text, places)
    for index, name in header.unknown:
        parsed.extra[name] = cell_text(cells[index] if index < len(cells) else None)
    return parsed


def _resolve_places(parsed: ParsedRow, township_text, village_text, places: PlaceIndex) -> None:
    if township_text is None and village_text is None:
        return
    parsed.has_place = True
    try:
        parsed.township = places.township(township_text) if township_text else None
    except ValueError as e:
        parsed.problems.append(("所属乡镇", str(e)))
        return
    if village_text:
        try:
            parsed.village = places.village(parsed.township, village_text)
        except ValueError as e:
            parsed.problems.append(("所属村", str(e)))
            return
        if parsed.township is None:
            parsed.township = places.by_id[parsed.village.parent_id]


def _text(value, column: lc.Column) -> str:
    text = cell_text(value)
    if column.max_length and len(text) > column.max_length:
        raise ValueError(f"内容过长（{len(text)} 字，最多 {column.max_length} 字）")
    return text


def _date(value, column: lc.Column) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    return parse_date(text) if text else None


def _choice(value, column: lc.Column) -> str:
    text = cell_text(value)
    if text and text not in column.choices:
        raise ValueError(f"未知的{column.zh}：{text}（应为 {'、'.join(column.choices)} 之一）")
    return text


def _bool(value, column: lc.Column) -> bool:
    text = cell_text(value)
    if not text:
        return False
    if text.lower() not in lc.BOOL_WORDS:
        raise ValueError(f"应为“是”或“否”，而不是：{text}")
    return lc.BOOL_WORDS[text.lower()]


def _count(value, column: lc.Column) -> int:
    text = cell_text(value)
    if not text:
        return 0
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"应为人数（非负整数），而不是：{text}") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"应为人数（非负整数），而不是：{text}")
    if number < 0:
        raise ValueError(f"人数不能为负数：{text}")
    if number > 100000:
        raise ValueError(f"人数过大：{text}")
    return int(number)


def _amount(value, column: lc.Column) -> Decimal | None:
    if isinstance(value, bool):
        raise ValueError(f"无法识别的金额：{value}")
    amount = parse_amount(value if isinstance(value, (int, float)) else cell_text(value) or None)
    if amount is None:
        return None if column.optional_amount else Decimal("0.00")
    if amount < 0:
        raise ValueError(f"金额不能为负数：{cell_text(value)}")
    if amount >= Decimal("1e12"):
        raise ValueError(f"金额过大：{cell_text(value)}")
    return amount


PARSERS = {lc.TEXT: _text, lc.DATE: _date, lc.CHOICE: _choice, lc.BOOL: _bool, lc.COUNT: _count, lc.AMOUNT: _amount}
