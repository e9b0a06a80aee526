"""Reading an uploaded table — the first sheet of an .xlsx/.xls, or a CSV in UTF-8,
UTF-8-BOM or GB18030/GBK — into rows of cell values. The ledger and the places import
read files through here; each gives its own error class for the user's message.
`read_book` also reads sheets asked for by name (the ledger's 处理人员 and 问责); a CSV
has only its one table.

Reading is bounded (settings.IMPORT_LIMITS, see qingfeng.engine.bounds): the file's
size, a sheet's extent before it is allocated, every CSV row's columns and cells.
"""

import io
import unicodedata
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from qingfeng.engine import bounds

XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls")
HEADER_SEARCH_ROWS = 10  # a table may carry a title row or two (XX县…台账) above its header
CSV_SUFFIXES = (".csv", ".txt")


class TableFileError(ValueError):
    """The file as a whole cannot be read (not a row problem)."""


def limits() -> bounds.Limits:
    return settings.IMPORT_LIMITS


def read_book(source, name: str = "", *, error: type[TableFileError] = TableFileError,
              bound: bounds.Limits | None = None, sheets: tuple[str, ...] = ()) -> bounds.Book:
    """`source`: a path, or a seekable binary file object (an upload) with its file `name`;
    `bound`: the import limits (default: settings.IMPORT_LIMITS). `.first` is the first
    sheet's rows; the workbook's sheets named `sheets` (trimmed names) are read too, each
    bounded like the first, and `.named` holds those the workbook has."""
    name = Path(name or str(source)).name
    suffix = Path(name).suffix.lower()
    if suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        raise error(_("%(file)s：不支持的文件类型（应为 .xlsx 或 .csv）") % {"file": name})
    bound = bound or limits()
    if isinstance(source, (str, Path)):
        source = Path(source)
    try:
        _check_size(source, bound)
        if suffix in XLSX_SUFFIXES:
            return bounds.read_book(source, suffix, bound, tuple(sheets))
        data = source.read_bytes() if isinstance(source, Path) else source.read()
        return bounds.Book(_csv_rows(data, name, error, bound), {})
    except (bounds.TooBig, bounds.Unreadable) as e:
        raise error(bounded_message(e, name)) from None
    except OSError as e:
        raise error(_("%(file)s：无法读取文件：%(error)s") % {"file": name, "error": e.strerror or e}) from None


def _check_size(source, bound: bounds.Limits) -> None:
    if isinstance(source, Path):
        size = source.stat().st_size
    else:
        size = getattr(source, "size", None)
        if size is None:
            size = source.seek(0, io.SEEK_END)
        source.seek(0)
    if size > bound.file_bytes:
        raise bounds.TooBig("file", -(-size // bounds.MB), bound.file_bytes // bounds.MB)


def bounded_message(error: bounds.TooBig | bounds.Unreadable, name: str) -> str:
    if getattr(error, "sheet", None):  # found on a sheet read by name: say which
        name = _("%(file)s 工作表“%(sheet)s”") % {"file": name, "sheet": error.sheet}
    key, params = bounds.problem(error, name)
    return _messages()[key] % params


def _messages() -> dict:
    # The texts of qingfeng.engine.bounds.MESSAGES, marked for translation here.
    return {
        "rows_cell": _("%(file)s：表格过大：数据延伸到单元格 %(cell)s，超过 %(limit)s 行的上限"),
        "rows": _("%(file)s：表格过大：超过 %(limit)s 行的上限"),
        "columns_cell": _("%(file)s：表格过宽：数据延伸到单元格 %(cell)s，超过 %(limit)s 列的上限"),
        "columns": _("%(file)s：第 %(row)s 行有 %(found)s 列，超过 %(limit)s 列的上限"),
        "cells_cell": _("%(file)s：表格过大：数据延伸到单元格 %(cell)s，超过 %(limit)s 个单元格的上限"),
        "cell_chars_at": _("%(file)s：第 %(row)s 行第 %(column)s 列的内容过长（%(found)s 个字符），"
                           "超过 %(limit)s 个字符的上限"),
        "cell_chars_row": _("%(file)s：第 %(row)s 行的内容过长，超过 %(limit)s 个字符的上限"),
        "cell_chars": _("%(file)s：单元格内容过长，超过 %(limit)s 个字符的上限"),
        "line": _("%(file)s：第 %(row)s 行过长（超过 %(limit)s 个字符）：列数或单元格内容超过上限"),
        "unzipped": _("%(file)s：解压后的内容超过 %(limit)s MB 的上限，不像是正常的 Excel 文件"),
        "file": _("%(file)s：文件过大（%(found)s MB），超过 %(limit)s MB 的上限"),
        "zip": _("%(file)s：无法读取 Excel 文件：文件已损坏，或不是 .xlsx（zip）格式"),
        "no_sheet": _("%(file)s：无法读取 Excel 文件：其中没有工作表"),
        "library": _("%(file)s：无法读取 Excel 文件：%(error)s"),
    }


def decode_text(data: bytes, name: str, error=TableFileError) -> str:
    """UTF-8 (with or without BOM), else GB18030 (which includes GBK)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise error(_("%(file)s：无法识别文件编码（应为 UTF-8 或 GB18030/GBK），位置 %(position)s")
                    % {"file": name, "position": e.start}) from None


def _csv_rows(data: bytes, name: str, error, bound: bounds.Limits) -> list[list]:
    import csv

    for encoding in ("utf-8-sig", "gb18030"):  # decoded as it is parsed: no second copy of the file
        text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
        try:
            return list(bounds.csv_rows(text, bound))
        except UnicodeDecodeError:
            continue
        except csv.Error as e:
            raise error(_("%(file)s：CSV 格式错误：%(error)s") % {"file": name, "error": e}) from None
    decode_text(data, name, error)  # raises, naming the position of the first bad byte
    raise error(_("%(file)s：无法识别文件编码（应为 UTF-8 或 GB18030/GBK），位置 %(position)s")
                % {"file": name, "position": 0})


def fold_header(value) -> str:
    """A header cell as it is compared: NFKC (full-width folded), no whitespace, lower case."""
    from qingfeng.engine.readers import cell_text

    return "".join(unicodedata.normalize("NFKC", cell_text(value) or "").split()).lower()


def find_header(rows: list[list], headers: dict[str, tuple[str, ...]], required: tuple[str, ...],
                *, search_rows: int = HEADER_SEARCH_ROWS) -> tuple[int, dict[str, int]] | None:
    """The header row among the first `search_rows` rows: the first that has every `required`
    column. `headers` maps each canonical column to the headers a file may use for it.
    Returns (index of the header row, {canonical column: index of its cell}) — a repeated
    header counts at its first place — or None when no row has them all."""
    canonical = {fold_header(alias): key for key, aliases in headers.items() for alias in aliases}
    for index, row in enumerate(rows[:search_rows]):
        columns = {}
        for at, cell in enumerate(row):
            key = canonical.get(fold_header(cell))
            if key and key not in columns:
                columns[key] = at
        if all(key in columns for key in required):
            return index, columns
    return None
