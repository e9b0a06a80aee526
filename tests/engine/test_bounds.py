"""Measuring an .xlsx sheet before calamine allocates it: only cells holding a value count,
in whatever form the XML writes them (qingfeng.engine.bounds)."""

import io
from pathlib import Path

import pytest

from qingfeng.engine.bounds import Extent, Limits, TooBig, Unreadable, read_workbook, xlsx_extent
from tests.import_fuzz_cases import far_corner, text_cell, workbook

H = '<row r="1">' + text_cell("A1", "h") + "</row>"


@pytest.mark.parametrize("rows_xml, extent", [
    (H + '<row r="900000"><c r="Z900000" s="1"/></row>', (1, 1)),  # Excel: formatting only
    (H + '<row r="900000"><c r="Z900000" s="1" t="n"></c></row>', (1, 1)),  # openpyxl: formatting only
    (H + '<row r="900000" s="1" customFormat="1"/>', (1, 1)),  # a formatted empty row
    (H + '<row r="7"><c r="C7"><v></v></c></row>', (1, 1)),  # an empty value
    (H + '<row r="7"><c r="C7"><v>3</v></c></row>', (7, 3)),
    (H + '<row r="7"><c r="C7" t="inlineStr"><is><t></t></is></c></row>', (7, 3)),  # calamine keeps ""
    ('<row><c t="inlineStr"><is><t>h</t></is></c></row><row><c/><c/><c><v>1</v></c></row>', (2, 3)),  # no r
    ('<row r="9"><c><v>1</v></c><c><v>2</v></c></row>', (9, 2)),  # cells count on from their row
    ('<row r="1"><x:c xmlns:x="urn:x" r="AB3"><x:v>1</x:v></x:c></row>', (3, 28)),  # a namespace prefix
    ('<row r="1"><c s="0" r="D4"><v>1</v></c></row>', (4, 4)),  # r not first
    ('<row r="1"><c r="XFD1048576"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>',
     (1048576, 16384)),  # rows out of order
])
def test_the_extent_is_the_last_row_and_column_holding_a_value(rows_xml, extent):
    assert xlsx_extent(io.BytesIO(workbook(rows_xml)), Limits()) == Extent(*extent)


def test_a_dimension_that_lies_is_ignored():
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:XFD1048576"/><sheetData>' + H + "</sheetData></worksheet>")
    assert read_workbook(io.BytesIO(workbook(sheet_xml=sheet)), ".xlsx", Limits()) == [["h"]]


def test_an_xlsx_renamed_xls_is_measured_all_the_same():
    with pytest.raises(TooBig) as error:
        read_workbook(io.BytesIO(far_corner()), ".xls", Limits())
    assert (error.value.what, error.value.found) == ("rows", "XFD1048576")


def test_a_sheet_within_every_limit_reads_padded_from_a1():
    rows = read_workbook(io.BytesIO(workbook('<row r="3"><c r="B3"><v>5</v></c></row>')), ".xlsx",
                         Limits(rows=3, columns=2, cells=6))
    assert rows == [["", ""], ["", ""], ["", 5.0]]


FIXTURES = Path(__file__).parent / "files"


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_an_xls_or_ods_past_the_row_limit_is_refused_before_its_rows_are_listed(suffix):
    path = FIXTURES / f"保障对象名册{suffix}"  # four rows, six columns
    assert len(read_workbook(path, suffix, Limits(rows=4))) == 4
    with pytest.raises(TooBig) as error:
        read_workbook(path, suffix, Limits(rows=3))
    assert error.value.what == "rows"
    with pytest.raises(TooBig) as error:
        read_workbook(path, suffix, Limits(columns=5))
    assert error.value.what == "columns"


def test_an_ods_unpacking_past_the_limit_is_refused_before_calamine_reads_it():
    path = FIXTURES / "保障对象名册.ods"
    with pytest.raises(TooBig) as error:
        read_workbook(path, ".ods", Limits(unzipped_bytes=1024))
    assert error.value.what == "unzipped"
    with open(path, "rb") as f:  # a file object, as uploads arrive: found by its content
        with pytest.raises(TooBig):
            read_workbook(io.BytesIO(f.read()), ".xlsx", Limits(unzipped_bytes=1024))


def needing_zip_version(data: bytes, version: int) -> bytes:
    """The archive with every central directory entry asking for a newer zip format than
    Python reads (zipfile raises NotImplementedError, not BadZipFile, for it)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        out[at + 6:at + 8] = version.to_bytes(2, "little")
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_workbook_in_a_zip_format_python_cannot_read_is_unreadable_not_a_crash(suffix):
    data = needing_zip_version(workbook(text_cell("A1", "x")), 64)

    with pytest.raises(Unreadable) as error:
        read_workbook(io.BytesIO(data), suffix, Limits())
    assert error.value.kind == "zip" and "6.4" in error.value.detail
