"""Turning one ledger row into clue values, with a reason for every value refused.

Single values are parsed here and then checked by qingfeng.clues.validation — the
same checks as the web form, the API and every other way a clue comes in; rules between columns (已办结 needs 办结日期…) are
checked on the merged clue in `rules`, because a row that updates a clue may
leave some columns out.

A county ledger repeats the same few dates, choices and amounts thousands of
times: each column parses every distinct cell value once (`RowParser`).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext as _

from qingfeng.clues import validation
from qingfeng.clues.limits import length_error
from qingfeng.clues.ledger import columns as lc
from qingfeng.clues.ledger.read import LedgerFileError, cell_text, is_blank
from qingfeng.core.text import forbidden_character
from qingfeng.engine.bounds import column_letters
from qingfeng.engine.normalize import parse_amount, parse_date
from qingfeng.places.models import Jurisdiction


@dataclass
class ParsedRow:
    row: int
    clue_no: str = ""
    values: dict = field(default_factory=dict)  # Clue field -> value, for the columns present
    cells: list = field(default_factory=list)
    plain_columns: list = field(default_factory=list)  # (cell index, Clue field), shared by the sheet's rows
    reporter: str | None = None  # None: column absent
    contact: str | None = None
    township: Jurisdiction | None = None
    village: Jurisdiction | None = None
    has_place: bool = False  # a place cell was filled in
    village_given: bool = False
    campaign: str = ""  # 专项治理主题 by name; '' when absent or empty (an update keeps the clue's)
    extra: dict = field(default_factory=dict)  # unknown header -> text ('' keeps the note)
    problems: list = field(default_factory=list)  # (column, reason)

    @cached_property  # asked of updates and of rows whose clue has persons handled
    def blank(self) -> set:
        """Clue fields whose cell is empty (an update keeps their values)."""
        cells, width = self.cells, len(self.cells)
        blank = set()
        for index, name in self.plain_columns:
            value = cells[index] if index < width else None
            if value is None or (value.__class__ is str and not value.strip()):  # read.is_blank, inlined
                blank.add(name)
        return blank


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
            raise ValueError(_("未知的乡镇：%(name)s") % {"name": name})
        if len(found) > 1:
            raise ValueError(_("乡镇名称不唯一：%(name)s（请填写乡镇代码）") % {"name": name})
        return found[0]

    def village(self, township: Jurisdiction | None, name: str) -> Jurisdiction:
        if township is not None:
            if (township.id, name) not in self.villages:
                raise ValueError(_("%(township)s没有名为“%(name)s”的村") % {"township": township.name, "name": name})
            return self.villages[(township.id, name)]
        found = self.villages_by_name.get(name, [])
        if len(found) != 1:
            raise ValueError(_("未知或不唯一的村：%(name)s（请同时填写所属乡镇）") % {"name": name})
        return found[0]


class HeaderMap:
    """Which cell of a row holds which column; unknown headers become notes in `extra`.

    An unknown header becomes a key of every clue's notes and a header of every later
    export, so one with a control character refuses the file, naming its cell."""

    def __init__(self, headers: list, header_row: int = 1, file_name: str = ""):
        self.known: list[tuple[int, lc.Column]] = []
        self.unknown: list[tuple[int, str]] = []
        seen = set()
        for index, header in enumerate(headers):
            column = lc.column_for_header(header)
            if column is not None and column.canonical not in seen:
                seen.add(column.canonical)
                self.known.append((index, column))
            elif not is_blank(header):
                name = lc.clean_header(header)
                if code := forbidden_character(name):
                    raise LedgerFileError(_(
                        "%(file)s：第 %(row)s 行第 %(column)s 列的表头含有不可见的控制字符（%(code)s），请删除后重新导入。"
                    ) % {"file": file_name, "row": header_row, "column": column_letters(index + 1), "code": code})
                self.unknown.append((index, name))
        self.present = seen


CACHED = (lc.DATE, lc.CHOICE, lc.BOOL, lc.COUNT, lc.AMOUNT)
SPECIAL = (lc.CLUE_NO, lc.REPORTER, lc.CONTACT, lc.TOWNSHIP, lc.VILLAGE, lc.CAMPAIGN)
COLUMN_ORDER = {column.zh: position for position, column in enumerate(lc.COLUMNS)}


# The name qingfeng.clues.validation knows a special column's value by.
VALIDATED_AS = {lc.CLUE_NO: "clue_no", lc.REPORTER: "reporter_name", lc.CONTACT: "reporter_contact"}


def _checked(column: lc.Column):
    """The column's parser followed by the shared check of the value it gives."""
    parse, check = PARSERS.get(column.kind, _text), validation.checker(VALIDATED_AS.get(column.kind, column.field))

    def parse_and_check(value, column=column):
        parsed = parse(value, column)
        message = check(parsed)
        if message:
            raise ValueError(message)
        return parsed

    return parse_and_check


def _cached(column: lc.Column):
    """The column's checked parser, remembering the outcome of every distinct value."""
    parse, cache = _checked(column), {}

    def parse_cell(value):
        key = value if value.__class__ is str else (value.__class__, value)  # keeps True, 1 and 1.0 apart
        outcome = cache.get(key)
        if outcome is None:
            try:
                outcome = cache[key] = (True, parse(value, column))
            except ValueError as e:
                outcome = cache[key] = (False, str(e))
        if outcome[0]:
            return outcome[1]
        raise ValueError(outcome[1])

    return parse_cell


class RowParser:
    """Parses the rows of one sheet: its columns, and its places resolved once per distinct pair."""

    def __init__(self, header: HeaderMap, places: PlaceIndex):
        self.places = places
        self.unknown = header.unknown
        self.special = {column.kind: index for index, column in header.known if column.kind in SPECIAL}
        self.columns = {column.kind: column for _, column in header.known if column.kind in SPECIAL}
        self.plain = [
            (index, column.field, column.zh, _cached(column) if column.kind in CACHED else _checked(column))
            for index, column in header.known if column.kind not in SPECIAL
        ]
        self.plain_columns = [(index, name) for index, name, _zh, _parse in self.plain]
        self.checked_special = {kind: _checked(column) for kind, column in self.columns.items()
                                if kind in VALIDATED_AS}
        self._places: dict[tuple, tuple] = {}

    def parse(self, row: int, cells: list) -> ParsedRow:
        parsed = ParsedRow(row=row, cells=cells, plain_columns=self.plain_columns)
        width = len(cells)
        values, problems = parsed.values, parsed.problems
        for index, name, zh, parse in self.plain:
            try:
                values[name] = parse(cells[index] if index < width else None)
            except ValueError as e:
                problems.append((zh, str(e)))
        special = self.special
        if special:
            def cell(kind):
                index = special[kind]
                return cells[index] if index < width else None

            for kind in (lc.CLUE_NO, lc.REPORTER, lc.CONTACT):
                if kind in special:
                    try:
                        text = self.checked_special[kind](cell(kind))
                    except ValueError as e:
                        problems.append((self.columns[kind].zh, str(e)))
                        continue
                    if kind == lc.CLUE_NO:
                        parsed.clue_no = text
                    elif kind == lc.REPORTER:
                        parsed.reporter = text
                    else:
                        parsed.contact = text
            if lc.CAMPAIGN in special:
                try:
                    parsed.campaign = campaign_name(cell(lc.CAMPAIGN))
                except ValueError as e:
                    problems.append((self.columns[lc.CAMPAIGN].zh, str(e)))
            if lc.TOWNSHIP in special or lc.VILLAGE in special:
                key = (cell_text(cell(lc.TOWNSHIP)) if lc.TOWNSHIP in special else None,
                       cell_text(cell(lc.VILLAGE)) if lc.VILLAGE in special else None)
                if key not in self._places:
                    self._places[key] = _resolve_places(*key, self.places)
                parsed.has_place, parsed.village_given = bool(key[0] or key[1]), bool(key[1])
                parsed.township, parsed.village, place_problems = self._places[key]
                problems.extend(place_problems)
        for index, name in self.unknown:
            text = parsed.extra[name] = cell_text(cells[index] if index < width else None)
            if code := forbidden_character(text, multiline=True):
                problems.append((name, _("含有不可见的控制字符（%(code)s），请删除后重新导入。") % {"code": code}))
        if len(problems) > 1:
            problems.sort(key=lambda problem: COLUMN_ORDER.get(problem[0], 0))
        return parsed


def campaign_name(value) -> str:
    """A 专项治理主题 cell: one line, no longer than cases.Campaign.name allows."""
    from qingfeng.cases.models import Campaign

    return line_text(value, Campaign, "name")


def line_text(value, model, field_name: str, *, multiline: bool = False) -> str:
    """A text cell for `model.field_name`: ValueError when it is too long or holds a control
    character (one line unless `multiline`) — the checks qingfeng.clues.validation makes of a clue's text."""
    text = cell_text(value)
    if code := forbidden_character(text, multiline=multiline):
        raise ValueError(_("含有不可见的控制字符（%(code)s），请删除后重新导入。") % {"code": code})
    if message := length_error(model, field_name, text):
        raise ValueError(message)
    return text


def _resolve_places(township_text, village_text, places: PlaceIndex) -> tuple:
    try:
        township = places.township(township_text) if township_text else None
    except ValueError as e:
        return None, None, [("所属乡镇", str(e))]
    village = None
    if village_text:
        try:
            village = places.village(township, village_text)
        except ValueError as e:
            return township, None, [("所属村", str(e))]
        if township is None:
            township = places.by_id[village.parent_id]
    return township, village, []


def _text(value, column: lc.Column) -> str:
    return cell_text(value)  # its length and characters: qingfeng.clues.validation


def _date(value, column: lc.Column) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise ValueError(_("无法识别的日期：%(value)s") % {"value": text}) from None


def _choice(value, column: lc.Column) -> str:
    text = cell_text(value)
    if text and text not in column.choices:
        raise ValueError(_("未知的%(column)s：%(value)s（应为 %(choices)s 之一）") % {
            "column": column.zh, "value": text, "choices": "、".join(column.choices)})
    return text


def _bool(value, column: lc.Column) -> bool:
    text = cell_text(value)
    if not text:
        return False
    if text.lower() not in lc.BOOL_WORDS:
        raise ValueError(_("应为“是”或“否”，而不是：%(value)s") % {"value": text})
    return lc.BOOL_WORDS[text.lower()]


def _count(value, column: lc.Column) -> int:
    text = cell_text(value)
    if not text:
        return 0
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise ValueError(_("应为人数（非负整数），而不是：%(value)s") % {"value": text}) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(_("应为人数（非负整数），而不是：%(value)s") % {"value": text})
    if abs(number) > validation.MAX_COUNT * 10:  # refused without building a huge integer
        raise ValueError(_("人数过大：%(value)s") % {"value": text})
    return int(number)  # its range: qingfeng.clues.validation


def _amount(value, column: lc.Column) -> Decimal | None:
    if isinstance(value, bool):
        raise ValueError(_("无法识别的金额：%(value)s") % {"value": value})
    try:
        amount = parse_amount(value if isinstance(value, (int, float)) else cell_text(value) or None)
    except ValueError:
        amount = _huge_amount(cell_text(value))  # a number too large to be an amount: refused by its range
        if amount is None:
            raise ValueError(_("无法识别的金额：%(value)s") % {"value": cell_text(value)}) from None
    if amount is None:
        return None if column.optional_amount else Decimal("0.00")
    return amount  # its sign and range: qingfeng.clues.validation


def _huge_amount(text: str) -> Decimal | None:
    try:
        amount = Decimal(text.replace(",", ""))
    except ArithmeticError:
        return None
    return amount if amount.is_finite() else None


PARSERS = {lc.TEXT: _text, lc.DATE: _date, lc.CHOICE: _choice, lc.BOOL: _bool, lc.COUNT: _count, lc.AMOUNT: _amount}


# The same cell parsing for the workbook's other sheets (sheet_columns): None when empty.
_ANY_AMOUNT = lc.Column("", "", lc.AMOUNT, optional_amount=True)


def date_cell(value) -> date | None:
    return _date(value, _ANY_AMOUNT)


def amount_cell(value) -> Decimal | None:
    return _amount(value, _ANY_AMOUNT)


def bool_cell(value) -> bool | None:
    return None if is_blank(value) else _bool(value, _ANY_AMOUNT)


def choice_cell(value, zh: str, choices: tuple[str, ...]) -> str:
    return _choice(value, lc.Column(zh, "", lc.CHOICE, choices=choices))
