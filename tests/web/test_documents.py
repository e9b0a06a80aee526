"""qingfeng.documents: charts with CJK labels, PDFs that embed their CJK faces."""

import io
import warnings

from PIL import Image

from qingfeng.documents import charts, fonts, pdf
from tests.web.documents_support import pdf_fonts, pdf_text


def test_a_pdf_embeds_every_face_it_uses_and_keeps_its_chinese_text(settings, tmp_path):
    settings.HOME = tmp_path
    document = pdf.Document("季度分析")
    document.title("慈利县纪委监委季度分析", colour=pdf.RED)
    document.heading("一、总体情况")
    document.text("本季度共受理问题线索 12 件。")
    document.table(["乡镇", "受理"], [["零阳镇", 7], ["江垭镇", 5]])
    printed = document.bytes()

    used = pdf_fonts(printed)
    assert len(used) >= 3 and all(used.values()), used
    text = pdf_text(printed)
    assert "慈利县纪委监委季度分析" in text and "零阳镇" in text and "江垭镇" in text


def test_charts_are_images_whose_size_follows_the_figure(settings, tmp_path):
    settings.HOME = tmp_path
    warnings.simplefilter("error")  # a CJK label without its glyph is a matplotlib warning
    wide = charts.bars("各乡镇受理线索", ["零阳镇", "江垭镇"], {"本季度": [3, 5], "上季度": [1, 4]}, size=(8, 3))
    trend = charts.line("月度趋势", ["1月", "2月", "3月"], {"受理": [4, 2, 9]}, size=(6, 3))
    ring = charts.composition("四种形态", {"第一种": 5, "第二种": 2, "第三种": 0, "第四种": 1})
    empty = charts.composition("四种形态", {"第一种": 0})
    sizes = [Image.open(io.BytesIO(png)).size for png in (wide, trend, ring, empty)]
    assert sizes[0] == (8 * charts.DPI, 3 * charts.DPI) and sizes[1] == (6 * charts.DPI, 3 * charts.DPI)
    assert all(png.startswith(b"\x89PNG") for png in (ring, empty))


def test_a_face_is_written_out_of_its_collection_once(settings, tmp_path):
    settings.HOME = tmp_path
    first = fonts.face_file(fonts.SANS)
    stamp = first.stat().st_mtime_ns
    assert fonts.face_file(fonts.SANS) == first and first.stat().st_mtime_ns == stamp
    from fontTools.ttLib import TTFont

    assert TTFont(str(first))["name"].getDebugName(1) == "Noto Sans CJK SC"


def test_a_subset_is_cut_once_per_text_and_the_cache_keeps_the_newest(settings, tmp_path, monkeypatch):
    settings.HOME = tmp_path
    monkeypatch.setattr(fonts, "KEEP_SUBSETS", 2)
    first = fonts.cached_subset(fonts.SANS, "零阳镇")
    assert fonts.cached_subset(fonts.SANS, "零阳镇") == first
    from fontTools.ttLib import TTFont

    assert {ord(c) for c in "零阳镇"} <= set(TTFont(str(first)).getBestCmap())
    for text in ("江垭镇", "溪口镇"):
        fonts.cached_subset(fonts.SANS, text)
    assert not first.exists() and len(list((tmp_path / "cache" / "fonts").glob("subset-*.ttf"))) == 2
