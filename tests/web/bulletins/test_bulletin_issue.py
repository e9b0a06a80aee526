"""Issuing: immutable afterwards, the audit head printed, the files (fonts embedded, GB/T 9704 layout)."""

import hashlib
import io
from datetime import date

import pytest
from docx import Document
from docx.shared import Pt, RGBColor

from qingfeng.audit import trail
from qingfeng.audit.models import AuditEntry
from qingfeng.bulletins import actions
from qingfeng.bulletins.models import BulletinItem
from qingfeng.documents import fonts
from tests.web.documents_support import pdf_fonts, pdf_text


def test_the_audit_head_printed_is_the_chain_head_at_issue(june, issue):
    before_issue = None

    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    bulletin = actions.do_approve_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version)
    before_issue = trail.head()
    bulletin = actions.do_issue_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version,
                                         name_shown={i.id: "full" for i in actions.included_items(bulletin)},
                                         issued_on=date(2018, 7, 5))
    bulletin.refresh_from_db()
    seq, head_hash = before_issue
    assert bulletin.audit_head == f"{seq}:{head_hash}"
    entry = AuditEntry.objects.get(action="bulletin.issued")
    # The issue's own entry follows the printed head directly: it is the record the bulletin came from.
    assert (entry.seq, entry.prev_hash) == (seq + 1, head_hash)
    assert trail.head() == (entry.seq, entry.hash)
    assert f"本通报据审计链 {seq}:{head_hash} 印发" in pdf_text(bytes(bulletin.pdf)).replace("\r", "").replace("\n", "")
    assert any(f"{seq}:{head_hash}" in p.text for p in Document(io.BytesIO(bytes(bulletin.docx))).paragraphs)
    assert entry.after["audit_head"] == bulletin.audit_head and entry.after["document_no"] == "慈纪通〔2018〕1号"
    assert entry.after["sha256"] == {
        "docx": hashlib.sha256(bytes(bulletin.docx)).hexdigest(),
        "pdf": hashlib.sha256(bytes(bulletin.pdf)).hexdigest(),
        "public_pdf": hashlib.sha256(bytes(bulletin.public_pdf)).hexdigest()}
    assert trail.verify().ok
    # The printed head is an anchor `qingfeng audit verify --anchor` checks.
    verdict = trail.verify(anchors=[trail.parse_anchor(bulletin.audit_head)])
    assert verdict.ok and verdict.anchors == 1


def test_an_issued_bulletin_cannot_be_changed_by_any_action(june, issue):
    bulletin = issue()
    stored = (bytes(bulletin.docx), bytes(bulletin.pdf), bulletin.version)
    item = bulletin.items.first()
    attempts = [
        lambda: actions.do_update_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version,
                                           title="改写", addressee="", preface="", closing="",
                                           items=[actions.ItemEdit(item.id, True, 1, "", "改写", "改写")]),
        lambda: actions.do_approve_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version),
        lambda: actions.do_issue_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version,
                                          name_shown={item.id: "masked"}),
        lambda: actions.do_draft_bulletin(2018, 6, acting_user=june.frank),
    ]
    for attempt in attempts:
        with pytest.raises(actions.BulletinIssued, match="已印发"):
            attempt()
    bulletin.refresh_from_db()
    assert (bytes(bulletin.docx), bytes(bulletin.pdf), bulletin.version) == stored
    assert BulletinItem.objects.get(id=item.id).facts == item.facts


def test_an_issued_bulletin_cannot_be_edited_through_the_page(june, issue, login):
    bulletin = issue()
    client = login(june.frank)
    item = bulletin.items.first()
    response = client.post(f"/staff/bulletins/{bulletin.id}/edit/", {
        "version": bulletin.version, "title": "改写", f"item-{item.id}-position": 1,
        f"item-{item.id}-measure_text": "改写", f"item-{item.id}-included": "on"}, follow=True)
    assert "已印发，不能再修改" in response.content.decode()
    bulletin.refresh_from_db()
    assert bulletin.title != "改写"
    # Its files are served exactly as stored.
    assert client.get(f"/staff/bulletins/{bulletin.id}/file/docx/").content == bytes(bulletin.docx)
    assert client.get(f"/staff/bulletins/{bulletin.id}/file/pdf/").content == bytes(bulletin.pdf)


def test_the_pdfs_embed_every_font_they_use(issue):
    bulletin = issue(shown={"王甲": "masked"})
    for data in (bytes(bulletin.pdf), bytes(bulletin.public_pdf)):
        used = pdf_fonts(data)
        assert used and all(used.values()), used
        assert any("NotoSerifCJK" in name for name in used) and any("UKai" in name for name in used)


def test_the_word_file_follows_the_official_document_layout(issue):
    bulletin = issue()
    document = Document(io.BytesIO(bytes(bulletin.docx)))
    section = document.sections[0]
    def mm(*lengths):  # Word stores twips: compare to a tenth of a millimetre
        return [round(length.mm, 1) for length in lengths]

    assert mm(section.page_width, section.page_height) == [210, 297]
    assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == [37, 35, 28, 26]
    paragraphs = [p for p in document.paragraphs if p.text]
    organs = paragraphs[:2]
    assert [p.text for p in organs] == ["中共慈利县纪律检查委员会", "慈利县监察委员会"]
    for p in organs:
        run = p.runs[0]
        assert run.font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
        assert run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
            == fonts.TITLE.family
    number = paragraphs[2]
    assert number.text == "慈纪通〔2018〕1号"
    assert 'w:color="C00000"' in number._p.xml and "w:pBdr" in number._p.xml  # the red rule under it
    title = paragraphs[3]
    assert title.text == "关于2018年6月查处的扶贫领域腐败和作风问题典型案例的通报"
    assert title.runs[0].font.size == Pt(22) and title.runs[0].font.name == fonts.TITLE.family
    body = next(p for p in paragraphs if p.text.startswith("钱丁优亲厚友"))
    assert body.runs[0].font.size == Pt(16) and body.runs[0].font.name == fonts.BODY.family
    assert body.paragraph_format.line_spacing == Pt(28) and body.paragraph_format.first_line_indent == Pt(32)
    assert body.text == "钱丁优亲厚友，违规为亲属办理低保。2018年6月5日，给予其政务撤职处分。"
    assert any(p.text == "二〇一八年七月五日" and p.alignment == 2 for p in paragraphs)  # right-aligned 成文日期
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_the_public_pdf_masks_the_names_chosen_and_the_office_pdf_does_not(issue):
    bulletin = issue(shown={"王甲": "masked"})
    office = pdf_text(bytes(bulletin.pdf))
    public = pdf_text(bytes(bulletin.public_pdf))
    assert "王甲" in office and "钱丁" in office
    assert "王甲" not in public and "王*" in public and "钱丁" in public


def test_a_month_without_sanctions_can_be_issued_with_its_totals(world):
    bulletin = actions.do_draft_bulletin(2018, 3, acting_user=world.frank)
    assert bulletin.items.count() == 0
    bulletin = actions.do_approve_bulletin(bulletin.id, acting_user=world.frank, expected_version=bulletin.version)
    bulletin = actions.do_issue_bulletin(bulletin.id, acting_user=world.frank, expected_version=bulletin.version,
                                         name_shown={}, issued_on=date(2018, 4, 3))
    bulletin.refresh_from_db()
    assert bulletin.document_no == "慈纪通〔2018〕1号"
    assert "给予党纪政务处分0人" in pdf_text(bytes(bulletin.pdf))


def test_every_character_printed_has_a_glyph_in_the_embedded_subsets(issue):
    from fontTools.ttLib import TTFont

    from qingfeng.bulletins import content as bulletin_content
    from qingfeng.bulletins import pdf as bulletin_pdf
    from qingfeng.bulletins.public import masker

    bulletin = issue(shown={"王甲": "masked"})
    items = actions.included_items(bulletin)
    known = {"issued_on": bulletin.issued_on, "audit_head": bulletin.audit_head, "document_no": bulletin.document_no,
             "totals": bulletin.totals}
    full = bulletin_content.build(bulletin, items, **known)
    public = bulletin_content.build(bulletin, items, mask=masker(list(bulletin.items.all())), **known)
    text = bulletin_pdf.characters(full) + bulletin_pdf.characters(public)
    body = set(TTFont(str(fonts.cached_subset(fonts.BODY, text))).getBestCmap())
    printed = set(pdf_text(bytes(bulletin.pdf)) + pdf_text(bytes(bulletin.public_pdf))) - set(" \r\n\t")
    missing = sorted(ch for ch in printed if ord(ch) not in body)
    assert printed and missing == []
    assert "（印章）" in pdf_text(bytes(bulletin.pdf))
