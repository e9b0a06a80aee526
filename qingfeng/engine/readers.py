"""Reading registry files (CSV, XLSX/XLS/ODS, Parquet) into DuckDB, untouched.

``open_source`` yields a ``Source``: a relation with ``_row`` (the spreadsheet row
number, header = 1) and one column ``c0..cN`` per header cell, as delivered —
text for CSV and spreadsheets, the file's own types for Parquet. Normalisation happens
later, in SQL, on that relation.

Big CSV files go through DuckDB's parallel reader. The Python ``csv`` module is
the fallback for files DuckDB would read with shifted row numbers (blank lines,
which it skips) or would refuse (rows with a different number of cells).
Encoding: the first chunk decides UTF-8 or GB18030; a UTF-8 guess is confirmed by
DuckDB itself, which checks every byte while reading, so no Python pass decodes a
big UTF-8 file. XLSX sheets are converted column by column into Arrow.

Every reader is bounded (``bounds.Limits``, from the environment unless given): an
XLSX sheet is measured before calamine allocates it, Python-read CSV rows are checked
as they come, and a Parquet file may not have more columns than a sheet.
"""

import codecs
import csv
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from qingfeng.engine import bounds
from qingfeng.engine.schema import SPREADSHEET_EXTENSIONS
from qingfeng.engine.sqlnorm import lit

CHUNK = 4 << 20


class BundleError(Exception):
    """An import cannot run at all; the message names the file (and row/column)."""


@dataclass
class Source:
    relation: str  # FROM-able SQL with columns _row, c0..cN
    headers: list[str]  # header cells as delivered
    types: list[str]  # DuckDB type of c0..cN
    file_format: str  # csv, xlsx, parquet
    encoding: str | None  # utf-8, utf-8-sig, gb18030; None for binary formats


def cols(count: int) -> list[str]:
    return [f"c{i}" for i in range(count)]


def first_line(error: Exception, path: Path) -> str:
    """A library's message for the uploader: its first line, the file named without its folder."""
    return (str(error).splitlines() or [type(error).__name__])[0].replace(str(path), path.name)


def bounded(path: Path, error: bounds.TooBig | bounds.Unreadable) -> BundleError:
    return BundleError(bounds.message(error, path.name))


@contextmanager
def open_source(con, path: Path, xlsx_rows: Callable[[], list] | None = None,
                limits: bounds.Limits | None = None) -> Iterator[Source]:
    """``xlsx_rows``: returns the sheet's rows parsed ahead (see ``read_xlsx``), if any."""
    suffix = path.suffix.lower()
    limits = limits or bounds.Limits.from_env()
    try:
        if suffix == ".csv":
            with _csv_source(con, path, limits) as source:
                yield source
        elif suffix in SPREADSHEET_EXTENSIONS:
            rows = xlsx_rows() if xlsx_rows else read_xlsx(path, limits)
            with _rows_source(con, rows, suffix.lstrip("."), None, path.name) as source:
                yield source
        elif suffix == ".parquet":
            yield _parquet_source(con, path, limits)
        else:
            raise BundleError(f"{path.name}：不支持的文件类型（应为 .csv、.xlsx、.xls、.ods 或 .parquet）")
    finally:
        for name in ("_qf_raw",):
            con.execute(f"DROP TABLE IF EXISTS {name}")


# -- CSV ---------------------------------------------------------------------


def sniff_encoding(path: Path) -> tuple[str, bool]:
    """(encoding, has_blank_lines): UTF-8 (with or without BOM), else GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank, tail, first = False, b"", True
    encoding = "utf-8"
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            if first and chunk.startswith(codecs.BOM_UTF8):
                encoding = "utf-8-sig"
            first = False
            window = tail + chunk
            blank = blank or b"\n\n" in window or b"\n\r\n" in window
            tail = chunk[-2:]
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "gb18030", _gb_has_blank_lines(path)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030", _gb_has_blank_lines(path)
    return encoding, blank


def _gb_has_blank_lines(path: Path) -> bool:
    # GB18030 trail bytes never equal \n or \r, so a byte search is exact.
    tail = b""
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            if b"\n\n" in tail + chunk or b"\n\r\n" in tail + chunk:
                return True
            tail = chunk[-2:]
    return False


def transcode_to_utf8(path: Path, encoding: str, target: Path) -> None:
    """Stream a GB18030 file into a UTF-8 copy (DuckDB reads only UTF-8)."""
    try:
        with open(path, encoding=encoding, newline="") as src, open(
            target, "w", encoding="utf-8", newline=""
        ) as dst:
            while text := src.read(CHUNK):
                dst.write(text)
    except UnicodeDecodeError as e:
        raise BundleError(
            f"{path.name}：无法识别文件编码（应为 UTF-8 或 GB18030/GBK），位置 {e.start}"
        ) from None


def quick_sniff(path: Path) -> tuple[str, bool]:
    """(encoding guess, has_blank_lines) from bytes only: the BOM and the first chunk
    decide the guess; DuckDB validates the rest of a UTF-8 file while reading it."""
    blank, tail, encoding = False, b"", "utf-8"
    with open(path, "rb") as f:
        head = f.read(CHUNK)
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head)
        except UnicodeDecodeError:
            encoding = "gb18030"
        chunk = head
        while chunk:
            window = tail + chunk
            if b"\n\n" in window or b"\n\r\n" in window:
                blank = True
                break
            tail, chunk = chunk[-2:], f.read(CHUNK)
    return encoding, blank


@contextmanager
def _csv_source(con, path: Path, limits: bounds.Limits) -> Iterator[Source]:
    encoding, blank_lines = quick_sniff(path)
    with tempfile.TemporaryDirectory(prefix="qf-import-") as tmp:
        source = None
        if not blank_lines and encoding != "gb18030":
            try:
                source = _duckdb_csv(con, path, _csv_headers(path, path, limits), encoding)
            except (_Ragged, _NotUtf8):
                pass  # decided below on the whole file
        if source is None:
            encoding, blank_lines = sniff_encoding(path)
            utf8 = path
            if encoding == "gb18030":
                utf8 = Path(tmp) / "utf8.csv"
                transcode_to_utf8(path, encoding, utf8)
            headers = _csv_headers(path, utf8, limits)
            if not blank_lines:
                try:
                    source = _duckdb_csv(con, utf8, headers, encoding, path.name)
                except _Ragged:
                    pass
        if source is not None:
            yield source
            return
        with _rows_source(con, _csv_rows(path, utf8, limits), "csv", encoding, path.name) as source:
            yield source


def _csv_headers(path: Path, utf8: Path, limits: bounds.Limits) -> list[str]:
    try:
        with open(utf8, encoding="utf-8-sig", newline="") as f:
            headers = next(bounds.csv_rows(f, limits), None)
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    except bounds.TooBig as e:
        raise bounded(path, e) from None
    except csv.Error as e:
        raise BundleError(f"{path.name}：CSV 格式错误：{e}") from None
    if not headers:
        raise BundleError(f"{path.name}：文件为空，没有表头行")
    return headers


class _NotUtf8(Exception):
    pass


class _Ragged(Exception):
    pass


def _duckdb_csv(con, utf8: Path, headers: list[str], encoding: str, name: str | None = None) -> Source:
    import duckdb

    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in cols(len(headers))) + "}"
    try:
        # Materialised so that rowid is the record's position in the file.
        con.execute(
            f"CREATE TEMP TABLE _qf_raw AS SELECT * FROM read_csv({lit(str(utf8))}, "
            f"header=false, skip=1, columns={columns}, delim=',', quote='\"', escape='\"', "
            f"auto_detect=false)"
        )
    except duckdb.Error as e:
        con.execute("DROP TABLE IF EXISTS _qf_raw")
        if "Expected Number of Columns" in str(e):
            raise _Ragged from None
        if "Invalid unicode" in str(e):
            raise _NotUtf8 from None
        if "Maximum line size" in str(e):  # DuckDB's own bound on a line (2,000,000 bytes)
            line = re.search(r"Line: (\d+)", str(e))
            raise BundleError(bounds.message(bounds.TooBig("line", None, 2_000_000, row=line and int(line.group(1))),
                                             name or utf8.name)) from None
        raise BundleError(f"{name or utf8.name}：CSV 格式错误：{str(e).splitlines()[0]}") from None
    relation = "(SELECT rowid + 2 AS _row, * FROM _qf_raw)"
    return Source(relation, headers, ["VARCHAR"] * len(headers), "csv", encoding)


def _csv_rows(path: Path, utf8: Path, limits: bounds.Limits) -> Iterator[list]:
    with open(utf8, encoding="utf-8-sig", newline="") as f:
        try:
            yield from bounds.csv_rows(f, limits)
        except bounds.TooBig as e:
            raise bounded(path, e) from None
        except csv.Error as e:
            raise BundleError(f"{path.name}：CSV 格式错误：{e}") from None
        except UnicodeDecodeError as e:
            raise BundleError(
                f"{path.name}：无法识别文件编码（应为 UTF-8 或 GB18030/GBK），位置 {e.start}") from None


# -- XLSX and row-wise sources -------------------------------------------------


def cell_text(value) -> str | None:
    """An XLSX cell as text. Integral numbers print without '.0'; numbers of 15+ digits
    print in scientific notation, because Excel kept only 15 significant digits of
    them (an ID typed as a number is lost, and must be reported as such)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**15 else repr(float(value))
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, limits: bounds.Limits | None = None) -> list[list]:
    """The first sheet's rows of an .xlsx, .xls or .ods as Python values (a bundle import
    parses its spreadsheets in a thread while DuckDB imports the other files, see ``hub``),
    measured first."""
    path = Path(path)
    try:
        return bounds.read_workbook(path, path.suffix.lower(), limits or bounds.Limits.from_env())
    except (bounds.TooBig, bounds.Unreadable) as e:
        raise bounded(path, e) from None


def column_texts(values: tuple) -> list:
    """One column of cells as text (see cell_text); all-text columns pass through."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return [v or None for v in values]
    return [cell_text(v) for v in values]


@contextmanager
def _rows_source(con, rows, file_format: str, encoding, name: str) -> Iterator[Source]:
    """Load header + data rows (lists of cells) into DuckDB through Arrow, column by column."""
    import pyarrow as pa

    rows = iter(rows)
    headers = [cell_text(h) or "" for h in next(rows, [])]
    data = list(rows)
    while data and all(v is None or v == "" for v in data[-1]):
        data.pop()  # trailing empty rows are sheet formatting, not records
    width = max([len(headers)] + [len(r) for r in data])
    if not any(headers):
        raise BundleError(f"{name}：文件为空，没有表头行")
    headers += [""] * (width - len(headers))
    if any(len(r) < width for r in data):
        data = [list(r) + [None] * (width - len(r)) for r in data]
    columns = {"_row": pa.array(range(2, len(data) + 2), pa.int64())}
    for name, values in zip(cols(width), zip(*data) if data else [()] * width):
        columns[name] = pa.array(column_texts(values), pa.string())
    name = f"_qf_rows_{os.getpid()}_{id(columns)}"
    con.register(name, pa.table(columns))
    try:
        yield Source(name, headers, ["VARCHAR"] * width, file_format, encoding)
    finally:
        con.unregister(name)


# -- Parquet --------------------------------------------------------------------


def _parquet_source(con, path: Path, limits: bounds.Limits) -> Source:
    import duckdb

    scan = f"read_parquet({lit(str(path))}, file_row_number=true)"
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()
    except duckdb.Error as e:
        raise BundleError(f"{path.name}：无法读取 Parquet 文件：{first_line(e, path)}") from None
    fields = [(name, typ) for name, typ, *_ in described if name != "file_row_number"]
    if len(fields) > limits.columns:
        raise bounded(path, bounds.TooBig("columns", len(fields), limits.columns, row=1))
    select = ", ".join(
        f'"{name.replace(chr(34), chr(34) * 2)}" AS {c}' for (name, _), c in zip(fields, cols(len(fields)))
    )
    relation = f"(SELECT file_row_number + 2 AS _row, {select} FROM {scan})"
    return Source(relation, [n for n, _ in fields], [t for _, t in fields], "parquet", None)
