"""Reading a places table (.xlsx first sheet, or CSV in UTF-8 / UTF-8-BOM / GB18030)
into rows of text, with spreadsheet row numbers (the header is row 1, or its own
row when a title sits above it)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from qingfeng.core import isolation
from qingfeng.core.tables import TableFileError, find_header
from qingfeng.engine.readers import cell_text

# Canonical column → the headers a file may use (contract first, then English).
HEADERS = {
    "code": ("行政区划代码", "code", "统计用区划代码", "区划代码"),
    "name": ("名称", "name"),
    "area": ("片区", "area"),
}
REQUIRED = ("code", "name")


class PlacesFileError(TableFileError):
    """The file as a whole cannot be read (not a row problem)."""


@dataclass
class Table:
    columns: dict  # canonical name → index of its cell
    headers: dict  # canonical name → the header as the file spells it (problems name it)
    rows: list = field(default_factory=list)  # (row number, {canonical: text})


def read_table(source, name: str = "", *, limits: isolation.Limits | None = None) -> Table:
    """`source`: a path, or a binary file object (an upload) with its file `name`; with
    `limits`, the file is read in a child process under them (qingfeng.core.isolation)."""
    name = Path(name or str(source)).name
    return _to_table(isolation.read_book(source, name, error=PlacesFileError, limits=limits).first, name)


def _to_table(rows: list[list], name: str) -> Table:
    found = find_header(rows, HEADERS, REQUIRED)  # a roll may carry a title row (XX县行政区划)
    if found is None:
        raise PlacesFileError(
            _("%(file)s：找不到表头（应有“行政区划代码”和“名称”两列，或 code 和 name）") % {"file": name}
        )
    index, columns = found
    headers = {key: _text(rows[index][at]) for key, at in columns.items()}
    table = Table(columns=columns, headers=headers)
    for number, cells in enumerate(rows[index + 1:], start=index + 2):
        values = {key: _text(cells[at]) if at < len(cells) else "" for key, at in columns.items()}
        if any(_text(cell) for cell in cells):  # an empty line is not a row
            table.rows.append((number, values))
    return table


def _text(value) -> str:
    return (cell_text(value) or "").strip()
