"""Exporting the ledger: the fixed layout, real dates and numbers, and a lossless round trip."""

from datetime import date, datetime

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.ledger import COLUMNS, do_export_ledger, do_import_ledger
from qingfeng.clues.models import Clue

from .ledger_support import ledger_row, read_cells, write_xlsx


def _import_varied(tmp_path):
    do_import_ledger(write_xlsx(tmp_path / "in.xlsx", _varied_rows()), acting_user=None)
    # Text that looks like a formula (typed in the web UI, say) must stay text.
    Clue.objects.filter(clue_no="XS-002").update(note="=SUM(A1)")


def _varied_rows():
    return [
        ledger_row(),
        ledger_row(线索编号="XS-002", 线索来源="上级交办", 反映方式="", 反映人="匿名", 反映人联系方式="", 所属乡镇="东岳观镇",
                   所属村="龙泉村", 涉及金额="", 办理状态="办理中", 办结日期="", 是否立案="是", 立案日期="2018/5/6",
                   追缴金额="1,234.56", 督办情况="已督办"),
        ledger_row(线索编号="", 受理日期="20190110", 所属乡镇="", 所属村="", 办理状态="", 办结日期="", 处置方式="",
                   问题类别="", 是否反馈="否", 反馈日期=""),
    ]


def test_export_has_the_fixed_layout_with_real_dates_and_numbers(world, tmp_path):
    _import_varied(tmp_path)
    out = tmp_path / "out.xlsx"
    assert do_export_ledger(out, acting_user=None) == 3
    from openpyxl import load_workbook

    book = load_workbook(out)
    sheet = book.worksheets[0]
    assert sheet.title == "问题线索台账" and sheet.freeze_panes == "B2"
    cells = read_cells(out)
    assert cells[0] == [c.zh for c in COLUMNS] + ["督办情况"]
    first = dict(zip(cells[0], cells[1]))
    assert first["受理日期"] == datetime(2018, 3, 5) and sheet["B2"].is_date
    assert first["涉及金额"] == 1200.5 and first["追缴金额"] == 1200.5 and first["组织处理人数"] == 1
    assert (first["反映人"], first["是否反馈"]) == ("赵六", "是")
    second = dict(zip(cells[0], cells[2]))
    assert (second["反映人"], second["所属村"], second["涉及金额"]) == ("匿名", "龙泉村", None)
    assert second["备注"] == "'=SUM(A1)" and sheet["AF3"].data_type == "s"  # quoted text, never a formula
    assert second["督办情况"] == "已督办"


def test_export_then_import_then_export_gives_identical_cells(world, tmp_path):
    _import_varied(tmp_path)
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    do_export_ledger(first, acting_user=None)
    versions = dict(Clue.objects.values_list("clue_no", "version"))
    audit_count = AuditEntry.objects.count()

    report = do_import_ledger(first, acting_user=None)
    assert (report.read, report.imported, report.updated, report.rejected) == (3, 0, 3, 0)
    assert report.unchanged == 3
    assert dict(Clue.objects.values_list("clue_no", "version")) == versions
    assert AuditEntry.objects.count() == audit_count  # nothing changed, nothing to record

    do_export_ledger(second, acting_user=None)
    assert read_cells(first) == read_cells(second)


def test_export_filters_on_received_date(world, tmp_path):
    _import_varied(tmp_path)
    out = tmp_path / "out.xlsx"
    assert do_export_ledger(out, acting_user=None, date_from=date(2018, 1, 1), date_to=date(2018, 12, 31)) == 2
    assert [r[0] for r in read_cells(out)[1:]] == ["XS-001", "XS-002"]


def test_export_without_permission_leaves_reporters_out_and_reimport_keeps_them(world, tmp_path):
    _import_varied(tmp_path)
    out = tmp_path / "out.xlsx"
    do_export_ledger(out, acting_user=world.frank)  # county leadership: every clue, no reporter in custody
    from openpyxl import load_workbook

    sheet = load_workbook(out).worksheets[0]
    assert "保密" in sheet["E1"].comment.text
    cells = read_cells(out)
    assert all(row[4] is None and row[5] is None for row in cells[1:])
    assert "赵六" not in str(cells) and "13800000000" not in str(cells)

    report = do_import_ledger(out, acting_user=None)
    assert (report.updated, report.unchanged, report.rejected) == (3, 3, 0)
    reporter = Clue.objects.get(clue_no="XS-001").reporter
    assert (reporter.name, reporter.contact) == ("赵六", "13800000000")
