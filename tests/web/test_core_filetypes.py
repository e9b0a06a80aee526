"""Attachments from outside: known by content, and photos stripped of their metadata (a phone's GPS)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qingfeng.core.filetypes import check_attachments

GPS_TAG, ARTIST_TAG = 0x8825, 0x013B


def photo(fmt="JPEG", name="photo.jpg", size=(40, 30)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[ARTIST_TAG] = "举报人的手机"
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (29.0, 25.0, 0.0), 3: "E", 4: (111.0, 7.0, 0.0)})
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt, exif=exif)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.mark.parametrize("fmt, name", [("JPEG", "a.jpg"), ("PNG", "b.png"), ("WEBP", "c.webp")])
def test_a_photo_loses_its_exif_and_gps_but_keeps_its_picture(fmt, name):
    original = photo(fmt, name)
    assert Image.open(io.BytesIO(original.read())).getexif().get(ARTIST_TAG)
    original.seek(0)
    [(clean, kind)] = check_attachments([original], max_files=5, max_bytes=10 * 2**20)
    image = Image.open(io.BytesIO(clean.read()))
    assert not image.getexif() and image.size == (40, 30) and kind.content_type.startswith("image/")
    assert image.convert("RGB").getpixel((5, 5))[0] > 150  # still the red picture


def test_an_image_that_does_not_decode_is_refused():
    broken = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"not really" * 10)
    with pytest.raises(ValidationError, match="不是图片或 PDF"):
        check_attachments([broken], max_files=5, max_bytes=10 * 2**20)


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("qingfeng.core.filetypes.MAX_PIXELS", 100)
    with pytest.raises(ValidationError, match="不是图片或 PDF"):
        check_attachments([photo(size=(20, 20))], max_files=5, max_bytes=10 * 2**20)


def test_a_pdf_passes_unchanged():
    pdf = SimpleUploadedFile("r.pdf", b"%PDF-1.4 body")
    [(same, kind)] = check_attachments([pdf], max_files=5, max_bytes=10 * 2**20)
    assert same is pdf and kind.extension == ".pdf"
