"""Bounded reading of an untrusted table (XLSX, XLS, ODS, CSV): the size is checked before
anything big is allocated.

calamine builds a sheet as one dense block from its first to its last cell holding a
value, already in ``get_sheet_by_index``: a 5 KB workbook whose only extra cell is
XFD1048576 asks for 16,384 × 1,048,576 cells (≈512 GB) and the process aborts in Rust
before Python sees an error. So an .xlsx is measured first — the XML of every sheet
that will be read (the first, and any asked for by name) is streamed out of the zip
(with a cap on the bytes unpacked, against zip bombs) and the last row and column
holding a value are found with byte-level regular expressions — and only sheets within
the limits are handed to calamine. Each sheet read keeps within the row, column and
cell limits, and so do all of them together (they sit in memory at the same time).
An .xls is bounded by its format (65,536 × 256) and an .ods by the unpacked size of its
XML; both are checked against the limits on calamine's extent before Python lists are built.

Django-free: the engine (``readers``) and the web importers (``qingfeng.core.tables``)
share it, and each words the errors for its own users.
"""

import csv
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from qingfeng import conf

MB = 1 << 20
CHUNK = 1 << 20
XLSX_SUFFIXES = (".xlsx", ".xlsm")
XLS_SUFFIXES = (".xls",)
ODS_SUFFIXES = (".ods",)


@dataclass(frozen=True)
class Limits:
    rows: int = 1_000_000  # rows of a sheet or CSV file, header included
    columns: int = 200
    cells: int = 20_000_000  # rows × columns of the sheet's extent (what calamine allocates)
    cell_chars: int = 32_767  # Excel's own limit on a cell's text
    unzipped_bytes: int = 1024 * MB  # the XML parts of an .xlsx, unpacked
    file_bytes: int = 200 * MB  # a file read whole (ledger and places tables)

    @classmethod
    def from_env(cls) -> "Limits":
        """The limits set in the environment (README: configuration), else the defaults."""
        d = cls()
        return cls(
            rows=conf.env_int("QINGFENG_IMPORT_MAX_ROWS", d.rows),
            columns=conf.env_int("QINGFENG_IMPORT_MAX_COLUMNS", d.columns),
            cells=conf.env_int("QINGFENG_IMPORT_MAX_CELLS", d.cells),
            cell_chars=conf.env_int("QINGFENG_IMPORT_MAX_CELL_CHARS", d.cell_chars),
            unzipped_bytes=conf.env_int("QINGFENG_IMPORT_MAX_UNZIPPED_MB", d.unzipped_bytes // MB) * MB,
            file_bytes=conf.env_int("QINGFENG_IMPORT_MAX_FILE_MB", d.file_bytes // MB) * MB,
        )


class TooBig(Exception):
    """A bound was exceeded. ``what``: rows, columns, cells, cell_chars, unzipped or file;
    ``found``: what was found (a cell reference such as 'XFD1048576', or a number);
    ``limit``: the bound; ``row`` / ``column`` (1-based) where known."""

    def __init__(self, what: str, found, limit: int, *, row: int | None = None, column: int | None = None,
                 sheet: str | None = None):
        super().__init__(f"{what}: {found} > {limit}")
        self.what, self.found, self.limit, self.row, self.column = what, found, limit, row, column
        self.sheet = sheet  # the named sheet it was found on; None: the first sheet (or a CSV)


class Unreadable(Exception):
    """Not a readable table. ``kind``: zip (not a whole xlsx/zip file), no_sheet, or
    library (calamine refused it); ``detail``: the library's own words, if any."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.detail = kind, detail


@dataclass(frozen=True)
class Extent:
    rows: int  # the last row holding a value (1-based), 0 for an empty sheet
    columns: int  # the last column holding a value (1-based)

    @property
    def corner(self) -> str:
        return f"{column_letters(max(self.columns, 1))}{max(self.rows, 1)}"


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        number = number * 26 + ord(ch) - 64
    return number


def check_extent(extent: Extent, limits: Limits, *, sheet: str | None = None, cells_left: int | None = None) -> None:
    """TooBig when the extent passes a limit; `cells_left`: what the sheets read before left
    of the cell limit (default: all of it)."""
    if extent.rows > limits.rows:
        raise TooBig("rows", extent.corner, limits.rows, sheet=sheet)
    if extent.columns > limits.columns:
        raise TooBig("columns", extent.corner, limits.columns, sheet=sheet)
    if extent.rows * extent.columns > (limits.cells if cells_left is None else cells_left):
        raise TooBig("cells", extent.corner, limits.cells, sheet=sheet)


# -- XLSX: measuring the first sheet before calamine sees it ---------------------------

# Cells in the form every spreadsheet program writes, <c r="B5" ...>, are measured with
# two C-speed passes per chunk (columns, then rows). Only a cell with content counts, as
# for calamine: <c r="B5" s="1"/> (Excel) and <c r="B5" s="1" t="n"></c> (openpyxl) are
# formatting only — whole formatted areas of a sheet are written so. (A formula without
# a cached value still counts: rare, and only ever over-measured.)
_EMPTY = rb"(?!</c>|<v\s*/>|<v></v>)"
_FAST_COLUMN = re.compile(rb'<c r="([A-Z]{1,4})[0-9]{1,9}"[^>]*(?<!/)>' + _EMPTY)
_FAST_ROW = re.compile(rb'<c r="[A-Z]{1,4}([0-9]{1,9})"[^>]*(?<!/)>' + _EMPTY)
_CLOSE_CELL = re.compile(rb"</(?:[\w.-]+:)?c\s*>|<(?:[\w.-]+:)?v\s*/>|<(?:[\w.-]+:)?v></(?:[\w.-]+:)?v>")
# Any other cell tag (a namespace prefix, no or another first attribute …) sends the
# sheet to the slow path, tag by tag.
_ODD_CELL = re.compile(rb'<(?:[\w.-]+:c|c(?! r="[A-Z]{1,4}[0-9]{1,9}"))[\s/>]')
_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]*)([0-9]*)[\"']")
_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet(?=[\s/>])[^>]*>")
_SHEET_RID = re.compile(rb"\s[\w.-]+:id\s*=\s*[\"']([^\"']+)[\"']")
_SHEET_NAME = re.compile(rb"\sname\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REL_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship(?=[\s/>])[^>]*>")
_ATTR = re.compile(rb"\s(Id|Target)\s*=\s*[\"']([^\"']*)[\"']")
_LONGEST_TAIL = 64 * MB  # text without a '>' this long is one gigantic cell


class _Budget:
    def __init__(self, limit: int, cell_chars: int):
        self.left, self.limit, self.cell_chars = limit, limit, cell_chars

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise TooBig("unzipped", None, self.limit // MB)


def xlsx_extent(file, limits: Limits) -> Extent:
    """The extent of an .xlsx/.xlsm's first sheet (``file``: a path or a seekable binary
    file). Raises Unreadable for a file that is not a whole zip, TooBig when unpacking
    its XML would pass ``limits.unzipped_bytes``."""
    return xlsx_extents(file, limits)[None][1]


# A damaged archive, as zipfile reports it: a bad record or checksum, a broken deflate
# stream, a cut-off member, an encrypted one, a format version or method it cannot read.
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)
# Reading only (no file of ours written): seeks past the end and missing members as well.
ZIP_READ_ERRORS = ZIP_DAMAGE + (OSError, ValueError, KeyError)


def xlsx_extents(file, limits: Limits, names: tuple[str, ...] = ()) -> dict:
    """(index in workbook order, extent) of the first sheet (key None) and of the sheets
    named ``names`` that the workbook has (key: the name asked for; see ``named_sheet``).
    A sheet whose part cannot be resolved gets the extent of every worksheet measured
    together."""
    try:
        with zipfile.ZipFile(file) as archive:
            return _measure(archive, limits, names)
    except ZIP_READ_ERRORS as e:
        raise Unreadable("zip", str(e)) from None


def _is_zip(file) -> bool:
    """Found by its end record, as zip readers do (data may come before the archive)."""
    try:
        return zipfile.is_zipfile(file)
    except OSError:
        return False


def sheet_key(name: str) -> str:
    """A sheet's name as it is compared: without surrounding spaces (ASCII or full-width)."""
    return name.strip(" \t\r\n\u00a0\u3000")


def named_sheet(sheet_names: list[str], name: str) -> int | None:
    """The index of the first sheet after the first whose trimmed name is ``name``."""
    for index, sheet_name in enumerate(sheet_names):
        if index and sheet_key(sheet_name) == name:
            return index
    return None


def _measure(archive: zipfile.ZipFile, limits: Limits, names: tuple[str, ...] = ()) -> dict:
    if "xl/workbook.xml" not in archive.namelist():  # .ods, .xlsb, any other zip: not ours
        raise Unreadable("zip", "xl/workbook.xml")
    parts = [info for info in archive.infolist()
             if not info.is_dir() and info.filename.lower().endswith((".xml", ".rels"))]
    declared = sum(info.file_size for info in parts)
    if declared > limits.unzipped_bytes:
        raise TooBig("unzipped", declared // MB, limits.unzipped_bytes // MB)
    budget = _Budget(limits.unzipped_bytes, limits.cell_chars)
    sheets = _sheet_parts(archive) or []
    part_names = {info.filename for info in parts}
    wanted: dict = {None: sheets[0][1] if sheets else ""}  # key (None: the first sheet) -> its part
    indices = {None: 0}
    for name in names:
        index = named_sheet([sheet_name for sheet_name, _part in sheets], name)
        if index is not None:
            wanted[name], indices[name] = sheets[index][1], index
    resolvable = all(part in part_names for part in wanted.values())
    # Not resolvable: every worksheet is measured, and each sheet read gets the largest extent.
    targets = set(wanted.values()) if resolvable else {n for n in part_names if n.startswith("xl/worksheets/")}
    found: dict[str, Extent] = {}
    for info in parts:
        if info.filename in targets:
            found[info.filename] = _scan_sheet(archive, info, budget)
        else:  # calamine reads shared strings, styles … whole: count what they unpack to
            with archive.open(info) as part:
                while chunk := part.read(CHUNK):
                    budget.take(len(chunk))
    if resolvable:
        return {key: (indices[key], found[part]) for key, part in wanted.items()}
    largest = Extent(max((e.rows for e in found.values()), default=0),
                     max((e.columns for e in found.values()), default=0))
    return {key: (indices[key], largest) for key in wanted}


def _is_ods(file) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return "content.xml" in archive.namelist() and "xl/workbook.xml" not in archive.namelist()
    except ZIP_READ_ERRORS:
        return False
    finally:
        if not isinstance(file, (str, Path)):
            file.seek(0)


def ods_unzipped(file, limits: Limits) -> None:
    """An .ods unpacks within ``limits.unzipped_bytes`` (streamed: a zip's declared sizes
    may lie). calamine reads its content.xml whole; Unreadable for a broken zip."""
    try:
        with zipfile.ZipFile(file) as archive:
            if "content.xml" not in archive.namelist():
                raise Unreadable("zip", "content.xml")
            budget = _Budget(limits.unzipped_bytes, limits.cell_chars)
            for info in archive.infolist():
                if info.filename.lower().endswith(".xml"):
                    with archive.open(info) as part:
                        while chunk := part.read(CHUNK):
                            budget.take(len(chunk))
    except ZIP_READ_ERRORS as e:
        raise Unreadable("zip", str(e)) from None
    finally:
        if not isinstance(file, (str, Path)):
            file.seek(0)


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """The head of a small part (its bytes are counted with the others, below)."""
    try:
        with archive.open(name) as part:
            return part.read(16 * MB)
    except KeyError:
        return None


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]] | None:
    """(name, part name) of the workbook's sheets, in workbook order as calamine lists them;
    a part name is "" when it cannot be resolved. None when the workbook part is missing."""
    from html import unescape

    workbook = _read_small(archive, "xl/workbook.xml")
    rels = _read_small(archive, "xl/_rels/workbook.xml.rels")
    if not workbook:
        return None
    targets = {}
    for rel in _REL_TAG.finditer(rels or b""):
        attrs = dict(_ATTR.findall(rel.group(0)))
        if b"Id" in attrs and b"Target" in attrs:
            target = attrs[b"Target"].decode("utf-8", "replace")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[attrs[b"Id"]] = posixpath.normpath(path)
    sheets = []
    for tag in _SHEET_TAG.finditer(workbook):
        rid, name = _SHEET_RID.search(tag.group(0)), _SHEET_NAME.search(tag.group(0))
        text = unescape((name.group(1) or name.group(2) or b"").decode("utf-8", "replace")) if name else ""
        sheets.append((text, targets.get(rid.group(1), "") if rid else ""))
    return sheets


def _chunks(archive: zipfile.ZipFile, info, budget: _Budget):
    """The part's bytes in pieces that end at a '>' (so no tag is cut in two)."""
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            budget.take(len(chunk))
            buffer = tail + chunk
            cut = buffer.rfind(b">") + 1
            tail = buffer[cut:]
            if len(tail) > _LONGEST_TAIL:
                raise TooBig("cell_chars", None, budget.cell_chars)
            if cut:
                yield buffer[:cut]
    if tail:
        yield tail


def _scan_sheet(archive: zipfile.ZipFile, info, budget: _Budget) -> Extent:
    rows = columns = 0
    for chunk in _chunks(archive, info, budget):
        if _ODD_CELL.search(chunk):
            return _walk_sheet(archive, info, _Budget(budget.limit, budget.cell_chars))
        letters = set(_FAST_COLUMN.findall(chunk))
        if letters:
            columns = max(columns, max(map(column_number, letters)))
            rows = max(rows, max(map(int, set(_FAST_ROW.findall(chunk)))))
    return Extent(rows, columns)


def _walk_sheet(archive: zipfile.ZipFile, info, budget: _Budget) -> Extent:
    """Slow path, tag by tag: a row or cell without ``r`` follows the one before it."""
    rows = columns = row = column = 0
    for chunk in _chunks(archive, info, budget):
        for tag in _TAG.finditer(chunk):
            name, attrs = tag.groups()
            ref = _REF.search(attrs)
            if name == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                column = 0
                continue
            if ref and ref.group(1):
                column = column_number(ref.group(1))
                row = int(ref.group(2)) if ref.group(2) else row
            else:
                column += 1
            if not attrs.endswith(b"/") and not _CLOSE_CELL.match(chunk, tag.end()):
                rows, columns = max(rows, row), max(columns, column)
    return Extent(rows, columns)


# -- Reading a workbook ---------------------------------------------------------------


@dataclass
class Book:
    """A workbook's first sheet and the sheets asked for by name (those it has), as rows."""

    first: list
    named: dict  # name asked for -> rows


def read_workbook(file, suffix: str, limits: Limits) -> list[list]:
    """The first sheet's rows as Python values, padded from A1 (``file``: a path or a
    seekable binary file). Raises TooBig or Unreadable; never allocates past ``limits``."""
    return read_book(file, suffix, limits).first


def read_book(file, suffix: str, limits: Limits, names: tuple[str, ...] = ()) -> Book:
    """The first sheet and the sheets named ``names`` (trimmed names; the first such sheet
    after the first), each within ``limits`` and all of them together within the cell
    limit. Raises TooBig (with the ``sheet`` it was found on) or Unreadable."""
    from python_calamine import CalamineWorkbook

    is_path = isinstance(file, (str, Path))
    # By content, not by name: calamine reads a file object as whatever format it finds,
    # so an .xlsx renamed .xls must be measured too.
    measured = None  # key -> sheet index, for a workbook measured before it is read
    if suffix in ODS_SUFFIXES or (_is_zip(file) and _is_ods(file)):
        ods_unzipped(file, limits)
    elif suffix in XLSX_SUFFIXES or _is_zip(file):
        extents = xlsx_extents(file, limits, names)
        _check_extents({key: extent for key, (_index, extent) in extents.items()}, limits)
        measured = {key: index for key, (index, _extent) in extents.items()}  # only what was measured is read
    if not is_path:
        file.seek(0)
    try:
        workbook = CalamineWorkbook.from_path(str(file)) if is_path else CalamineWorkbook.from_filelike(file)
        with workbook:
            if not workbook.sheet_names:
                raise Unreadable("no_sheet")
            wanted = measured if measured is not None else _named_indices(list(workbook.sheet_names), names)
            cells_left, read = limits.cells, {}
            for key, index in wanted.items():
                sheet = workbook.get_sheet_by_index(index)
                end = sheet.end
                if end is not None:  # .xls, .ods: checked before Python lists are built
                    extent = Extent(end[0] + 1, end[1] + 1)
                    check_extent(extent, limits, sheet=key, cells_left=cells_left)
                    cells_left -= extent.rows * extent.columns
                read[key] = sheet.to_python(skip_empty_area=False)
    except (TooBig, Unreadable):
        raise
    except Exception as e:  # calamine raises its own error types for broken files
        raise Unreadable("library", str(e).splitlines()[0] if str(e) else type(e).__name__) from None
    for key, rows in read.items():
        check_cells(rows, limits, sheet=key)
    return Book(read.pop(None), read)


def _named_indices(sheet_names: list[str], names: tuple[str, ...]) -> dict:
    """Key (None: the first sheet) -> index, of the sheets ``names`` that ``sheet_names`` has."""
    wanted = {None: 0}
    for name in names:
        index = named_sheet(sheet_names, name)
        if index is not None:
            wanted[name] = index
    return wanted


def _check_extents(extents: dict, limits: Limits) -> None:
    cells_left = limits.cells
    for key, extent in extents.items():
        check_extent(extent, limits, sheet=key, cells_left=cells_left)
        cells_left -= extent.rows * extent.columns


def check_cells(rows, limits: Limits, *, sheet: str | None = None) -> None:
    """TooBig('cell_chars') for the first text cell longer than the limit."""
    most = limits.cell_chars
    for number, row in enumerate(rows, start=1):
        for at, value in enumerate(row, start=1):
            if value.__class__ is str and len(value) > most:
                raise TooBig("cell_chars", len(value), most, row=number, column=at, sheet=sheet)


# -- CSV ------------------------------------------------------------------------------


def csv_rows(text_file, limits: Limits):
    """Records of a CSV text stream, each checked against the row, column and cell limits.
    Lines are read with a bounded length, so a gigantic line never becomes a gigantic list."""
    _allow_fields(limits.cell_chars)
    longest = limits.columns * (limits.cell_chars + 3)  # every cell quoted, plus its comma
    reader = csv.reader(_lines(text_file, longest))
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise TooBig("cell_chars", None, limits.cell_chars, row=reader.line_num) from None
            raise
        except _LongLine:
            raise TooBig("line", None, longest, row=reader.line_num + 1) from None
        number += 1
        if number > limits.rows:
            raise TooBig("rows", number, limits.rows, row=number)
        if len(record) > limits.columns:
            raise TooBig("columns", len(record), limits.columns, row=number)
        for at, value in enumerate(record, start=1):
            if len(value) > limits.cell_chars:
                raise TooBig("cell_chars", len(value), limits.cell_chars, row=number, column=at)
        yield record


class _LongLine(Exception):
    pass


def _lines(text_file, longest: int):
    while line := text_file.readline(longest + 1):
        if len(line) > longest:
            raise _LongLine
        yield line


def _allow_fields(chars: int) -> None:
    # The csv module's limit is process-wide: only ever raised, so no other reader is hurt.
    if csv.field_size_limit() < chars + 1:
        csv.field_size_limit(chars + 1)


# -- Wording --------------------------------------------------------------------------

# The messages, keyed by ``problem``; the web side marks the same texts for translation
# (qingfeng.core.tables), the engine prints them as they are (readers).
MESSAGES = {
    "rows_cell": "%(file)s：表格过大：数据延伸到单元格 %(cell)s，超过 %(limit)s 行的上限",
    "rows": "%(file)s：表格过大：超过 %(limit)s 行的上限",
    "columns_cell": "%(file)s：表格过宽：数据延伸到单元格 %(cell)s，超过 %(limit)s 列的上限",
    "columns": "%(file)s：第 %(row)s 行有 %(found)s 列，超过 %(limit)s 列的上限",
    "cells_cell": "%(file)s：表格过大：数据延伸到单元格 %(cell)s，超过 %(limit)s 个单元格的上限",
    "cell_chars_at": "%(file)s：第 %(row)s 行第 %(column)s 列的内容过长（%(found)s 个字符），超过 %(limit)s 个字符的上限",
    "cell_chars_row": "%(file)s：第 %(row)s 行的内容过长，超过 %(limit)s 个字符的上限",
    "cell_chars": "%(file)s：单元格内容过长，超过 %(limit)s 个字符的上限",
    "line": "%(file)s：第 %(row)s 行过长（超过 %(limit)s 个字符）：列数或单元格内容超过上限",
    "unzipped": "%(file)s：解压后的内容超过 %(limit)s MB 的上限，不像是正常的 Excel 文件",
    "file": "%(file)s：文件过大（%(found)s MB），超过 %(limit)s MB 的上限",
    "zip": "%(file)s：无法读取 Excel 文件：文件已损坏，或不是 .xlsx（zip）格式",
    "no_sheet": "%(file)s：无法读取 Excel 文件：其中没有工作表",
    "library": "%(file)s：无法读取 Excel 文件：%(error)s",
}


def problem(error: TooBig | Unreadable, file: str) -> tuple[str, dict]:
    """(key into MESSAGES, its parameters) for an error of this module."""
    if isinstance(error, Unreadable):
        return error.kind, {"file": file, "error": error.detail}
    params = {"file": file, "limit": f"{error.limit:,}", "row": error.row, "column": error.column,
              "found": f"{error.found:,}" if isinstance(error.found, int) else error.found,
              "cell": error.found}
    what = error.what
    if what in ("rows", "columns", "cells") and isinstance(error.found, str):
        return f"{what}_cell", params
    if what == "cell_chars":
        if error.row and error.column:
            return "cell_chars_at", params
        return ("cell_chars_row" if error.row else "cell_chars"), params
    return what, params


def message(error: TooBig | Unreadable, file: str) -> str:
    key, params = problem(error, file)
    return MESSAGES[key] % params
