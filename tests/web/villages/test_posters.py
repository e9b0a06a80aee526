"""QR posters: one A4 PDF per village whose QR decodes to the village page, CJK font embedded."""

import dataclasses
import io
import re
import zipfile

import pypdfium2
import pytest
import zxingcpp
from django.core.management import CommandError, call_command

from qingfeng.documents import fonts


def qr_text(pdf_bytes: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf_bytes)
    image = document[0].render(scale=2).to_pil()
    (result,) = zxingcpp.read_barcodes(image)
    return result.text


def page_size_mm(pdf_bytes: bytes) -> tuple[int, int]:
    width, height = pypdfium2.PdfDocument(pdf_bytes)[0].get_size()
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


def test_posters_of_a_township_are_a4_pdfs_whose_qr_opens_the_village_page(world, settings, tmp_path):
    settings.PUBLIC_URL = "https://qf.example.cn"
    out = io.StringIO()
    call_command("portal", "posters", "--township", "广福桥镇", "--out", str(tmp_path), stdout=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{world.v1.code}.pdf", f"{world.v1b.code}.pdf"]
    pdf = (tmp_path / f"{world.v1.code}.pdf").read_bytes()
    assert qr_text(pdf) == f"https://qf.example.cn/v/{world.v1.code}/"
    assert page_size_mm(pdf) == (210, 297)


def test_a_poster_embeds_its_cjk_font_and_shows_the_names_and_the_report_phone(world, settings, tmp_path):
    settings.REPORT_PHONE = "0744-12388"
    call_command("portal", "posters", "--township", world.t1.code, "--out", str(tmp_path), stdout=io.StringIO())
    pdf = (tmp_path / f"{world.v1.code}.pdf").read_bytes()
    # Every font descriptor carries its font program (FontFile, FontFile2 or FontFile3): nothing is left to
    # the reader's system fonts. Noto Sans CJK SC is embedded as a subset ("ABCDEF+" prefix).
    descriptors = re.findall(rb"<<(?:(?!>>).)*?/Type /FontDescriptor(?:(?!>>).)*>>", pdf, re.S)
    assert descriptors and all(re.search(rb"/FontFile[23]? \d+ 0 R", d) for d in descriptors)
    assert re.search(rb"/BaseFont /[A-Z]{6}\+NotoSansCJKSC", pdf)
    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "青山村" in text and "广福桥镇" in text and "0744-12388" in text


def test_posters_without_a_township_cover_every_village(world, tmp_path):
    call_command("portal", "posters", "--out", str(tmp_path), stdout=io.StringIO())
    assert len(list(tmp_path.iterdir())) == 4


def test_an_unknown_township_or_a_missing_font_is_a_clear_error(world, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="没有名称或代码为“无此镇”的乡镇"):
        call_command("portal", "posters", "--township", "无此镇", "--out", str(tmp_path))
    monkeypatch.setattr("qingfeng.documents.fonts.SANS", dataclasses.replace(fonts.SANS, path=tmp_path / "missing.ttc"))
    with pytest.raises(CommandError, match="missing.ttc.*fonts-noto-cjk"):
        call_command("portal", "posters", "--township", "广福桥镇", "--out", str(tmp_path / "out"))


def test_a_township_officer_downloads_the_townships_posters_as_one_zip(world, login, settings):
    settings.PUBLIC_URL = "http://127.0.0.1:8000"
    response = login(world.alice).get(f"/staff/villages/t/{world.t1.code}/posters.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [f"{world.v1.code}.pdf", f"{world.v1b.code}.pdf"]
    assert qr_text(archive.read(f"{world.v1b.code}.pdf")) == f"http://127.0.0.1:8000/v/{world.v1b.code}/"


def test_another_townships_officer_cannot_download_its_posters(world, login):
    assert login(world.bob).get(f"/staff/villages/t/{world.t1.code}/posters.zip").status_code == 404
