"""Reading one row of the 处理人员 or 问责 sheet into values, with a reason for every value
refused: the first sheet's cell parsers (parse.py) and the shared value checks
(qingfeng.clues.validation's rules, applied to the Measure and Accountability fields)."""

from django.utils.translation import gettext as _

from qingfeng.clues import validation
from qingfeng.clues.ledger import parse
from qingfeng.clues.ledger.sheet_columns import Layout, SheetColumn
from qingfeng.core.text import forbidden_character


class RowValues:
    """The cells of one row, read column by column; `problems` collects (column, reason)."""

    def __init__(self, layout: Layout, columns: tuple[SheetColumn, ...], cells: list):
        self.layout, self.cells, self.problems = layout, cells, []
        self.zh = {c.canonical: c.zh for c in columns}
        self.given: set[str] = set()  # canonical names of the non-empty cells

    def present(self, canonical: str) -> bool:
        return canonical in self.layout.known

    def _raw(self, canonical: str):
        value = self.layout.cell(self.cells, canonical)
        if not parse.is_blank(value):
            self.given.add(canonical)
        return value

    def _refuse(self, canonical: str, reason: str):
        self.problems.append((self.zh[canonical], reason))

    def text(self, canonical: str, model, field: str, *, required: bool = False, multiline: bool = False) -> str:
        try:
            text = parse.line_text(self._raw(canonical), model, field, multiline=multiline)
        except ValueError as e:
            self._refuse(canonical, str(e))
            return ""
        if required and not text:
            self._refuse(canonical, _("%(column)s不能为空") % {"column": self.zh[canonical]})
        return text

    def choice(self, canonical: str, choices: tuple[str, ...], *, required: bool = False) -> str:
        try:
            text = parse.choice_cell(self._raw(canonical), self.zh[canonical], choices)
        except ValueError as e:
            self._refuse(canonical, str(e))
            return ""
        if required and not text:
            self._refuse(canonical, _("%(column)s不能为空") % {"column": self.zh[canonical]})
        return text

    def date(self, canonical: str, model, field: str, *, required: bool = False):
        try:
            value = parse.date_cell(self._raw(canonical))
        except ValueError as e:
            self._refuse(canonical, str(e))
            return None
        if value is None:
            if required:
                self._refuse(canonical, _("%(column)s不能为空") % {"column": self.zh[canonical]})
            return None
        message = validation.CHECKS[validation.PAST](validation.Rule(validation.PAST, model, field), value, None)
        if message:
            self._refuse(canonical, message)
        return value

    def amount(self, canonical: str, model, field: str):
        try:
            value = parse.amount_cell(self._raw(canonical))
        except ValueError as e:
            self._refuse(canonical, str(e))
            return None
        if value is not None:
            rule = validation.Rule(validation.AMOUNT, model, field)
            if message := validation.CHECKS[validation.AMOUNT](rule, value, None):
                self._refuse(canonical, message)
        return value

    def yes_no(self, canonical: str) -> bool | None:
        try:
            return parse.bool_cell(self._raw(canonical))
        except ValueError as e:
            self._refuse(canonical, str(e))
            return None

    def extra(self) -> dict:
        notes = self.layout.extra(self.cells)
        for name, text in notes.items():
            if code := forbidden_character(text, multiline=True):
                self.problems.append((name, _("含有不可见的控制字符（%(code)s），请删除后重新导入。") % {"code": code}))
        return notes


def merged_extra(current: dict, notes: dict) -> dict:
    """Notes of a row over those kept: an empty cell keeps the note."""
    merged = dict(current or {})
    for key, value in notes.items():
        if value:
            merged[key] = value
    return merged
