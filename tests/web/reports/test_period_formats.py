"""`qingfeng report period … --out FILE.pdf|.docx|.xlsx`: each kind in each format, read back.

Figures: see test_period_content (2018 Q2: 6 received, 1300.49 recovered, 500.01 returned;
overdue at 06-30 C17 C06 C02; 2018-06-15: C07 received, reporter 举报人甲 never printed).
"""

import io

import pytest
from django.core.management import CommandError, call_command

from ..documents_support import pdf_fonts, pdf_text

KINDS = [("--day", "2018-06-15"), ("--week", "2018-W24"), ("--month", "2018-06"), ("--quarter", "2018Q2")]


def _write(tmp_path, option, value, suffix):
    out = tmp_path / f"report{suffix}"
    printed = io.StringIO()
    call_command("report", "period", option, value, "--out", str(out), stdout=printed)
    assert str(out) in printed.getvalue()
    return out


@pytest.mark.parametrize("option, value", KINDS)
def test_pdf_of_each_kind_embeds_its_fonts_and_holds_its_figures(ledger, tmp_path, option, value):
    data = _write(tmp_path, option, value, ".pdf").read_bytes()
    assert data.startswith(b"%PDF")
    fonts = pdf_fonts(data)
    assert fonts and all(fonts.values())  # every face embedded
    assert any("NotoSansCJK" in name or "Noto Sans CJK" in name for name in fonts)
    text = pdf_text(data)
    assert "慈利县" in text and "举报人甲" not in text and "13912345678" not in text
    expected = {
        "--day": ["问题线索日收集清单", "2018年6月15日", "C07", "截留挪用危房改造资金", "来访"],
        "--week": ["问题线索周汇总", "2018年第24周", "按乡镇汇总", "巡察移交"],
        "--month": ["问题线索月排查报告", "C17", "135", "挂牌督办", "1000.00", "91—180天"],
        "--quarter": ["问题线索季度分析报告", "2018年第2季度", "1300.49", "500.01", "40.0%", "江垭镇", "+100.0%"],
    }[option]
    for fragment in expected:
        assert fragment in text, fragment


@pytest.mark.parametrize("option, value", KINDS)
def test_word_copy_of_each_kind_has_its_tables_in_named_fonts(ledger, tmp_path, option, value):
    from docx import Document

    document = Document(str(_write(tmp_path, option, value, ".docx")))
    texts = [p.text for p in document.paragraphs]
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert texts[0].startswith("慈利县问题线索")
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert {"Noto Serif CJK SC Bold", "Noto Sans CJK SC"} <= fonts
    assert not any("举报人甲" in c for row in cells for c in row)
    if option == "--day":
        assert ["C07", "巡察移交", "来访", "广福桥镇", "赵丙", "截留挪用", "截留挪用危房改造资金"] in cells
    if option == "--quarter":
        assert ["追缴金额（元）", "1300.49", "888.00", "50.00", "+46.5%", "+2501.0%"] in cells
        assert len(document.inline_shapes) == 3  # trend, townships, 四种形态
    else:
        assert len(document.inline_shapes) == 0
    if option == "--month":
        assert ["C17", "2018-01-15", "广福桥镇", "信访举报", "吃拿卡要", "", "2018-02-15", "135", ""] in cells


@pytest.mark.parametrize("option, value", KINDS)
def test_excel_copy_of_each_kind_keeps_numbers_as_numbers(ledger, tmp_path, option, value):
    from openpyxl import load_workbook

    book = load_workbook(_write(tmp_path, option, value, ".xlsx"))
    first = book.worksheets[0]
    values = {row[0].value: row for row in first.iter_rows() if row[0].value}
    recovered = values["追缴金额（元）"]
    expected = {"--day": 0.0, "--week": 0.0, "--month": 1000.0, "--quarter": 1300.49}[option]
    assert recovered[1].value == expected and recovered[1].number_format == "0.00"
    assert isinstance(values["受理问题线索"][1].value, int)
    titles = book.sheetnames
    if option == "--quarter":
        assert titles[:3] == ["主要指标", "运用监督执纪“四种形态”", "按乡镇分析"]
        change = values["受理问题线索"][4]
        assert change.value == 1.0 and "%" in change.number_format  # 6 against 3
    if option == "--month":
        overdue = [[c.value for c in row] for row in book["超期未办结线索"].iter_rows() if row[0].value in
                   ("C17", "C06", "C02")]
        assert [(r[0], r[7]) for r in overdue] == [("C17", 135), ("C06", 121), ("C02", 10)]
        assert overdue[0][1].date().isoformat() == "2018-01-15"


def test_unknown_suffix_and_bad_period_are_command_errors(ledger, tmp_path):
    with pytest.raises(CommandError, match=r"\.pdf"):
        call_command("report", "period", "--month", "2018-06", "--out", str(tmp_path / "x.txt"))
    with pytest.raises(CommandError, match="无法识别的报表周期"):
        call_command("report", "period", "--month", "2018-13", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="无法识别的报表周期"):
        call_command("report", "period", "--quarter", "2018-06", "--out", str(tmp_path / "x.pdf"))
