"""Reading a ledger file (.xlsx first sheet, or CSV in UTF-8 / GB18030) into rows.

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


def read_ledger(source, name: str = "", *, limits: isolation.Limits | None = None) -> Sheet:
    """`source`: a path, or a binary file object (an upload) with its file `name`; with
    `limits`, the file is read in a child process under them (qingfeng.core.isolation)."""
    name = name or str(source)
    return _to_sheet(isolation.read_rows(source, name, error=LedgerFileError, limits=limits), name)


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
    sheet = Sheet(headers=list(rows[header_index]), header_row=header_index + 1, name=Path(name).name)
    for index in range(header_index + 1, len(rows)):
        values = rows[index]
        if _has_content(values):  # an empty line is not a ledger row
            sheet.rows.append((index + 1, values))
    return sheet


def _find_header(rows: list[list]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for cell in row if column_for_header(cell) is not None)
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
