"""Reading one row of the 处理人员 or 问责 sheet into values, with a reason for every value
refused: the first sheet's cell parsers (parse.py) and the shared value checks
(qingfeng.clues.validation's rules, applied to the Measure and Accountability fields)."""

from django.utils.translation import gettext as _

from qingfeng.clues import validation
from qingfeng.clues.ledger import parse
from qingfeng.clues.ledger.read import Sheet
from qingfeng.clues.ledger.report import SheetReport
from qingfeng.clues.ledger.sheet_columns import Layout, SheetColumn
from qingfeng.core.text import forbidden_character


def parse_sheet(sheet: Sheet, name: str, columns: tuple[SheetColumn, ...], parse_row) -> tuple[list, SheetReport]:
    """The rows `parse_row(layout, row, cells)` reads without a problem, and the sheet's
    report with the others rejected."""
    report = SheetReport(sheet=name, read=len(sheet.rows))
    if not sheet.rows:
        return [], report
    layout = Layout(columns, sheet.headers, sheet.header_row, sheet.name)
    good = []
    for row, cells in sheet.rows:
        parsed = parse_row(layout, row, cells)
        if parsed.problems:
            report.reject(row, parsed.problems)
        else:
            good.append(parsed)
    return good, report


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

    def _cell(self, canonical: str, parse_cell, *, required: bool = False, empty=None):
        """The cell through `parse_cell`; `empty` with the reason when it refuses the cell,
        or when the cell is empty and `required`."""
        try:
            value = parse_cell(self._raw(canonical))
        except ValueError as e:
            self._refuse(canonical, str(e))
            return empty
        if required and value in (None, ""):
            self._refuse(canonical, _("%(column)s不能为空") % {"column": self.zh[canonical]})
        return value

    def text(self, canonical: str, model, field: str, *, required: bool = False, multiline: bool = False) -> str:
        return self._cell(canonical, lambda v: parse.line_text(v, model, field, multiline=multiline),
                          required=required, empty="")

    def choice(self, canonical: str, choices: tuple[str, ...], *, required: bool = False) -> str:
        return self._cell(canonical, lambda v: parse.choice_cell(v, self.zh[canonical], choices),
                          required=required, empty="")

    def _checked(self, canonical: str, value, check: str, model, field: str):
        """A value read, refused (but returned) when the shared value check `check` of
        qingfeng.clues.validation fails for the model's field."""
        if value is not None:
            if message := validation.CHECKS[check](validation.Rule(check, model, field), value, None):
                self._refuse(canonical, message)
        return value

    def date(self, canonical: str, model, field: str, *, required: bool = False):
        return self._checked(canonical, self._cell(canonical, parse.date_cell, required=required),
                             validation.PAST, model, field)

    def amount(self, canonical: str, model, field: str):
        return self._checked(canonical, self._cell(canonical, parse.amount_cell), validation.AMOUNT, model, field)

    def yes_no(self, canonical: str) -> bool | None:
        return self._cell(canonical, parse.bool_cell)

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
