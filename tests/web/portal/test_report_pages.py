"""/report/ and /follow/: the public pages, through HTTP (plain form posts, no JavaScript)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qingfeng.clues.models import Attachment, Channel, Clue, Source
from qingfeng.portal.models import PublicMessage

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (3, 2), (0, 0, 200)).save(out, "PNG")
    return out.getvalue()


PNG = _png()
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form(**fields):
    return {"township": "430821101", "village": "430821101201", "subject": "李某", "subject_post": "村主任",
            "category": "优亲厚友", "summary": "低保评给了村主任的亲戚。", "anonymous": "0", "name": "王某",
            "contact": "13900000000"} | fields


def receipt_of(response) -> str:
    return re.search(r'id="receipt">(\d{16})<', response.content.decode()).group(1)


def test_the_report_page_offers_townships_categories_and_the_village_picker(client, world):
    page = client.get("/report/").content.decode()
    assert "广福桥镇" in page and "江垭镇" in page and "虚报冒领" in page
    assert "csrfmiddlewaretoken" in page and "village-picker.js" in page and 'id="village-options"' in page


def test_a_village_link_preselects_the_village_and_its_township(client, world):
    page = client.get("/report/?village=430821102201").content.decode()
    assert re.search(r'<option value="430821102"[^>]*selected', page)
    assert re.search(r'<option value="430821102201"[^>]*selected>龙泉村', page)
    assert "青山村" not in page.split('id="village-options"')[0]  # only 东岳观镇's villages are offered


def test_without_javascript_choosing_a_township_lists_its_villages(client, world):
    page = client.post("/report/", {"township": "430821106", "pick_township": "1"}).content.decode()
    offered = page.split('id="village-options"')[0]
    assert "石门村" in offered and "青山村" not in offered
    assert not Clue.objects.exists()


def test_a_report_from_the_page_shows_its_receipt_once_and_makes_a_web_petition(client, world):
    response = client.post("/report/", form())
    assert response.status_code == 200
    receipt = receipt_of(response)
    assert "只显示这一次" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    clue = Clue.objects.get()
    assert (clue.source, clue.channel, clue.village, clue.reporter.name) == (Source.PETITION, Channel.WEB, world.v1, "王某")
    follow = client.post("/follow/", {"receipt": receipt})
    assert follow.status_code == 200 and 'id="state">已受理<' in follow.content.decode()


def test_an_anonymous_page_report_has_no_reporter(client, world):
    receipt_of(client.post("/report/", form(anonymous="1")))
    assert Clue.objects.get().reporter is None


def test_a_named_page_report_without_a_name_keeps_the_input_and_says_what_to_do(client, world):
    response = client.post("/report/", form(name=""))
    page = response.content.decode()
    assert 'id="error-summary"' in page and "实名举报请填写姓名" in page
    assert "低保评给了村主任的亲戚。" in page  # the reporter's text is kept
    assert not Clue.objects.exists()


def test_images_and_pdfs_become_clue_attachments(client, world):
    files = [SimpleUploadedFile("photo.png", PNG, "image/png"), SimpleUploadedFile("材料.pdf", PDF, "application/pdf")]
    receipt_of(client.post("/report/", form(attachments=files)))
    clue = Clue.objects.get()
    assert sorted(a.name for a in clue.attachments.all()) == ["photo.png", "材料.pdf"]
    stored = Image.open(io.BytesIO(clue.attachments.get(name="photo.png").file.read()))
    assert (stored.format, stored.size) == ("PNG", (3, 2))  # the picture, drawn again without metadata


def test_a_png_that_is_text_is_refused_and_no_clue_is_made(client, world):
    fake = SimpleUploadedFile("photo.png", b"<html>not an image</html>", "image/png")
    page = client.post("/report/", form(attachments=[fake])).content.decode()
    assert "不是图片或 PDF 文件" in page
    assert not Clue.objects.exists() and not Attachment.objects.exists()


def test_a_pdf_named_png_is_kept_under_its_true_extension(client, world):
    receipt_of(client.post("/report/", form(attachments=[SimpleUploadedFile("scan.png", PDF, "image/png")])))
    assert Attachment.objects.get().name == "scan.pdf"


def test_an_oversized_attachment_is_refused(client, world, monkeypatch):
    from qingfeng.portal.reports import uploads

    monkeypatch.setattr(uploads, "MAX_BYTES", 100)
    page = client.post("/report/", form(attachments=[SimpleUploadedFile("big.png", PNG + b"\x00" * 100)])).content.decode()
    assert "超过" in page and not Clue.objects.exists()


def test_the_follow_page_shows_the_conversation_and_sends_a_message(client, world):
    receipt = receipt_of(client.post("/report/", form()))
    response = client.post("/follow/", {"receipt": receipt, "text": "<b>补充</b>：还有一户。"})
    page = response.content.decode()
    assert 'id="sent"' in page
    assert "&lt;b&gt;补充&lt;/b&gt;" in page and "<b>补充</b>" not in page
    assert PublicMessage.objects.get().sender == PublicMessage.Sender.REPORTER


def test_an_unknown_receipt_on_the_follow_page_says_so_and_shows_nothing(client, world):
    receipt_of(client.post("/report/", form()))
    response = client.post("/follow/", {"receipt": "1000000000000000"})
    assert response.status_code == 404
    assert "没有找到这个受理编号" in response.content.decode() and 'id="state"' not in response.content.decode()
    forged = client.post("/follow/", {"receipt": "1000000000000000", "text": "hi"})
    assert forged.status_code == 404 and not PublicMessage.objects.exists()


def test_the_follow_page_counts_against_the_address_limit(client, world, settings):
    settings.LOOKUP_PER_MINUTE = 2
    receipt = receipt_of(client.post("/report/", form()))
    assert client.post("/follow/", {"receipt": receipt}).status_code == 200
    assert client.post("/follow/", {"receipt": "1000000000000000"}).status_code == 404
    limited = client.post("/follow/", {"receipt": receipt})
    assert limited.status_code == 429 and 'id="state"' not in limited.content.decode()


def test_a_request_larger_than_all_attachments_together_is_refused_unread(client, world):
    from qingfeng.portal.reports.views import MAX_REQUEST_BYTES

    response = client.post("/report/", form(), CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1))
    assert response.status_code == 413 and "附件太大" in response.content.decode()
    assert not Clue.objects.exists()


def test_more_attachments_than_allowed_are_refused_and_no_clue_is_made(client, world):
    from qingfeng.portal.reports import uploads

    files = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(uploads.MAX_FILES + 1)]
    page = client.post("/report/", form(attachments=files))
    assert page.status_code == 400 and "最多上传" in page.content.decode()
    assert not Clue.objects.exists()


@pytest.mark.parametrize("path, fields", [("/report/", form()), ("/follow/", {"receipt": "1000000000000000"}),
                                          ("/lookup/", {"name": "张三", "id_number": "1"})])
def test_the_public_forms_refuse_a_post_without_their_csrf_token(world, path, fields):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, fields)
    assert response.status_code == 403
    assert not Clue.objects.exists() and not PublicMessage.objects.exists()


def test_the_reporter_cannot_put_an_id_number_into_the_conversation(client, world):
    from tests.engine.crosscheck_helpers import make_id

    receipt = receipt_of(client.post("/report/", form()))
    page = client.post("/follow/", {"receipt": receipt, "text": f"我的身份证 {make_id('19800101', '011')}"})
    assert "不能含有身份证号码" in page.content.decode() and not PublicMessage.objects.exists()


@pytest.mark.parametrize("path", ["/", "/lookup/", "/report/", "/follow/", "/v/430821101201/", "/exposure/"])
def test_no_public_page_loads_anything_from_another_site(world, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not re.search(r'(src|href|action)="(https?:)?//', response.content.decode())
