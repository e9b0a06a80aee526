"""Reading a ledger file (.xlsx first sheet, or CSV in UTF-8 / GB18030) into rows; from
an .xlsx also the sheets named 处理人员 and 问责 (ledger.md §4-§5), bounded alike.

Values come out as Python values (text, numbers, dates) with spreadsheet row
numbers: the header is row 1 unless a title row sits above it, in which case the
header keeps its real row number, as Excel shows it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

from qingfeng.clues.ledger.columns import column_for_header
from qingfeng.core import isolation
from qingfeng.core.tables import TableFileError
from qingfeng.engine.cellsafe import restore

HEADER_SEARCH_ROWS = 10  # a ledger may carry a title row (XX县问题线索台账) above its header


class LedgerFileError(TableFileError):
    """The file as a whole cannot be read (not a row problem)."""


@dataclass
class Sheet:
    headers: list
    header_row: int
    rows: list = field(default_factory=list)  # (row number, [values])
    name: str = ""  # the file's name, for messages about the file as a whole


@dataclass
class Book:
    ledger: Sheet
    named: dict = field(default_factory=dict)  # sheet name -> Sheet, for the named sheets the file has


def read_book(source, name: str = "", *, limits: isolation.Limits | None = None, sheets: dict | None = None) -> Book:
    """`source`: a path, or a binary file object (an upload) with its file `name`; with
    `limits`, the file is read in a child process under them (qingfeng.core.isolation).
    The ledger sheet and the sheets of `sheets` (name -> (is_header(cell), the headers
    to name when none is found)) that the workbook has. An empty named sheet has no rows."""
    name = name or str(source)
    sheets = sheets or {}
    book = isolation.read_book(source, name, error=LedgerFileError, limits=limits, sheets=tuple(sheets))
    out = Book(_to_sheet(book.first, name))
    for sheet_name, rows in book.named.items():
        is_header, hint = sheets[sheet_name]
        where = _("%(file)s 工作表“%(sheet)s”") % {"file": Path(name).name, "sheet": sheet_name}
        if not _has_rows(rows):
            out.named[sheet_name] = Sheet(headers=[], header_row=1, name=where)
            continue
        index = _find_header(rows, is_header)
        if index is None:
            raise LedgerFileError(_("%(file)s：找不到表头（如%(headers)s）") % {"file": where, "headers": hint})
        out.named[sheet_name] = _rows_after(rows, index, where)
    return out


def _has_rows(rows: list[list]) -> bool:
    return any(_has_content(values) for values in rows)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _has_content(values) -> bool:
    for value in values:
        if value is not None and (value.__class__ is not str or value.strip()):
            return True
    return False


def _to_sheet(rows: list[list], name: str) -> Sheet:
    header_index = _find_header(rows)
    if header_index is None:
        raise LedgerFileError(
            _("%(file)s：找不到台账表头（如“线索编号”“受理日期”“线索来源”）") % {"file": Path(name).name})
    return _rows_after(rows, header_index, Path(name).name)


def _rows_after(rows: list[list], header_index: int, name: str) -> Sheet:
    sheet = Sheet(headers=list(rows[header_index]), header_row=header_index + 1, name=name)
    for index in range(header_index + 1, len(rows)):
        values = rows[index]
        if _has_content(values):  # an empty line is not a row
            sheet.rows.append((index + 1, values))
    return sheet


def _is_ledger_header(cell) -> bool:
    return column_for_header(cell) is not None


def _find_header(rows: list[list], is_header=_is_ledger_header) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for cell in row if is_header(cell))
        filled = sum(1 for cell in row if not is_blank(cell))
        if known and known >= min(3, filled):
            return index
    return None


def cell_text(value) -> str:
    """A cell as trimmed text ('' when empty); integral numbers without '.0'. The quote
    our export puts before text a spreadsheet would run as a formula is taken off."""
    if value.__class__ is str:
        return restore(value.strip())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
