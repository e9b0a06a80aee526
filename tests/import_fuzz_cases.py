"""Malformed and hostile table files for the importer fuzz tests (web and engine).

Each case is a file an importer must refuse with a clear message naming the file and
the reason — never a crash, never a partial write. Workbooks are written as raw zip
parts, so a case costs milliseconds and says exactly which bytes it holds.
"""

import io
import zipfile
from dataclasses import dataclass, field, replace

_CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_SHEET = '<sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
_WB = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets>'
       '</workbook>')
_WB_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_WS = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       '<sheetData>{rows}</sheetData></worksheet>')

LEDGER_HEADERS = ("线索编号", "受理日期", "线索来源", "反映方式", "被反映人")


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(headers=LEDGER_HEADERS) -> str:
    return '<row r="1">' + "".join(text_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(headers)) + "</row>"


def workbook(rows_xml: str = "", *, sheets: str = _SHEET, sheet_xml: str | None = None) -> bytes:
    """An .xlsx of one sheet whose <sheetData> holds ``rows_xml`` (or the whole sheet XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB.format(sheets=sheets))
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        if sheets:
            z.writestr("xl/worksheets/sheet1.xml", sheet_xml if sheet_xml is not None else _WS.format(rows=rows_xml))
    return out.getvalue()


def far_corner(ref: str = "XFD1048576") -> bytes:
    """The issue's 5 KB workbook: a header, one row, and one value in the far corner."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    return workbook(header_row() + '<row r="2">' + text_cell("A2", "XS-1") + "</row>"
                    + f'<row r="{row}">' + text_cell(ref, "boom") + "</row>")


def bomb(megabytes: int = 8) -> bytes:
    """A sheet that unpacks to ``megabytes`` of formatting-only cells from a few KB."""
    filler = '<c r="A2" s="1"/>' * (megabytes * (1 << 20) // 16)
    return workbook(header_row() + f'<row r="2">{filler}</row>')


def csv_bytes(*lines: str, encoding="utf-8") -> bytes:
    return "".join(line + "\r\n" for line in lines).encode(encoding)


@dataclass(frozen=True)
class Case:
    id: str
    suffix: str  # .xlsx, .csv, .xls, .parquet
    data: bytes = field(repr=False)
    reason: str  # a regular expression the message must match (after the file name)
    limits: dict = field(default_factory=dict)  # Limits fields to lower for this case

    def limits_for(self, base=None):
        from qingfeng.engine.bounds import Limits

        return replace(base or Limits(), **self.limits)


HEADER_CSV = ",".join(LEDGER_HEADERS)
NOT_READABLE = r"无法读取 Excel 文件"
ENCODING = r"无法识别文件编码"
NO_HEADER = r"找不到.*表头|文件为空|没有表头|缺少必填列"


def _valid_xlsx() -> bytes:
    return workbook(header_row() + '<row r="2">' + text_cell("A2", "XS-1") + "</row>")


def table_cases() -> list[Case]:
    """Spreadsheet and CSV cases every table importer (ledger, places, cross-check) refuses."""
    valid = _valid_xlsx()
    broken_xml = workbook(sheet_xml='<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>')
    return [
        Case("zip-that-is-not-xlsx", ".xlsx", _zip_of({"readme.txt": "hello"}), NOT_READABLE),
        Case("not-a-zip-at-all", ".xlsx", b"this is not a workbook\x00\xff", NOT_READABLE),
        Case("truncated-zip", ".xlsx", valid[: len(valid) // 2], NOT_READABLE),
        Case("broken-sheet-xml", ".xlsx", broken_xml, NOT_READABLE + "|" + NO_HEADER),
        Case("far-corner-cell", ".xlsx", far_corner(), r"XFD1048576.*1,000,000 行"),
        Case("far-corner-renamed-xls", ".xls", far_corner(), r"XFD1048576"),
        Case("far-column", ".xlsx", far_corner("XFD2"), r"XFD2.*200 列"),
        Case("many-cells", ".xlsx", far_corner("GR200000"), r"GR200000.*个单元格", {"cells": 1_000_000}),
        Case("zip-bomb-sheet", ".xlsx", bomb(8), r"解压后的内容超过 2 MB", {"unzipped_bytes": 2 << 20}),
        Case("long-cell-text", ".xlsx", workbook(header_row() + '<row r="2">' + text_cell("B2", "长" * 40_000)
                                                  + "</row>"), r"第 2 行第 2 列的内容过长（40,000 个字符）"),
        Case("empty-workbook", ".xlsx", workbook(""), NO_HEADER),
        Case("workbook-without-sheets", ".xlsx", workbook(sheets=""), r"没有工作表"),
        Case("utf16-csv", ".csv", csv_bytes(HEADER_CSV, "XS-1,2024-01-01", encoding="utf-16"), ENCODING),
        Case("latin1-and-utf8-mixed-csv", ".csv", csv_bytes(HEADER_CSV) + b"caf\xe9,\xff\xfe\r\n", ENCODING),
        Case("nul-bytes-csv", ".csv", b"\x00\x00,\x00\r\n\x00,\x00\r\n", NO_HEADER),
        Case("long-quoted-field-csv", ".csv", csv_bytes(HEADER_CSV, 'XS-1,"' + "长" * 200_000 + '"'),
             r"第 2 行.*内容过长"),
        Case("many-columns-csv", ".csv", csv_bytes(HEADER_CSV + ",x" * 500), r"第 1 行有 505 列，超过 200 列"),
        Case("many-rows-csv", ".csv", csv_bytes(HEADER_CSV, *["XS-1,2024-01-01"] * 60), r"超过 50 行",
             {"rows": 50}),
    ]


def huge_field_case() -> Case:
    """A single 100 MB field (built on demand: the other cases stay small)."""
    return Case("huge-field-csv", ".csv", b"a," + b"x" * (100 << 20) + b"\r\n", r"第 1 行.*过长")


def parquet_cases(tmp_path) -> list[Case]:
    """Parquet cases (cross-check bundles only)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"id_number": [f"43082119800101{i:04d}" for i in range(2000)],
                             "name": ["张三"] * 2000}), good, compression="NONE")
    data = good.read_bytes()
    middle = bytearray(data)
    for at in range(200, len(middle) - 400, 7):  # the data pages, not the footer
        middle[at] ^= 0xFF
    wide = tmp_path / "wide.parquet"
    pq.write_table(pa.table({f"c{i}": [1] for i in range(300)}), wide)
    return [
        Case("not-parquet", ".parquet", b"PAR1 but not really\x00" * 10, r"无法读取 Parquet 文件"),
        Case("truncated-parquet", ".parquet", data[: len(data) // 2], r"无法读取 Parquet 文件"),
        Case("corrupt-pages-parquet", ".parquet", bytes(middle), r"Parquet|无法读取|数据损坏"),
        Case("too-many-columns-parquet", ".parquet", wide.read_bytes(), r"300 列，超过 200 列"),
    ]


def _zip_of(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()
