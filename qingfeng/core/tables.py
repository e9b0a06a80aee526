"""Reading an uploaded table — the first sheet of an .xlsx/.xls, or a CSV in UTF-8,
UTF-8-BOM or GB18030/GBK — into rows of cell values. The ledger and the places import
read files through here; each gives its own error class for the user's message."""

import csv
import io
from pathlib import Path

from django.utils.translation import gettext as _

XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls")
CSV_SUFFIXES = (".csv", ".txt")


class TableFileError(ValueError):
    """The file as a whole cannot be read (not a row problem)."""


def read_rows(source, name: str = "", *, error: type[TableFileError] = TableFileError) -> list[list]:
    """`source`: a path, or a binary file object (an upload) with its file `name`."""
    name = Path(name or str(source)).name
    suffix = Path(name).suffix.lower()
    if suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        raise error(_("%(file)s：不支持的文件类型（应为 .xlsx 或 .csv）") % {"file": name})
    try:
        data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    except OSError as e:
        raise error(_("%(file)s：无法读取文件：%(error)s") % {"file": name, "error": e.strerror or e}) from None
    if suffix in XLSX_SUFFIXES:
        return _xlsx_rows(data, name, error)
    return _csv_rows(data, name, error)


def _xlsx_rows(data: bytes, name: str, error) -> list[list]:
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        return sheet.to_python(skip_empty_area=False)
    except Exception as e:  # calamine raises its own error types for broken files
        raise error(_("%(file)s：无法读取 Excel 文件：%(error)s") % {"file": name, "error": e}) from None


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


def _csv_rows(data: bytes, name: str, error) -> list[list]:
    try:
        return list(csv.reader(io.StringIO(decode_text(data, name, error), newline="")))
    except csv.Error as e:
        raise error(_("%(file)s：CSV 格式错误：%(error)s") % {"file": name, "error": e}) from None
