"""The staff pages' permissions and the public 曝光台 (what it shows and never shows)."""

import io
from datetime import date

from django.core.management import call_command
from docx import Document

from qingfeng.audit.models import AuditEntry
from qingfeng.bulletins import actions
from qingfeng.bulletins.models import Bulletin
from tests.web.bulletins.conftest import CLUE_NOS


def test_leadership_drafts_a_month_on_the_list_page(june, login):
    client = login(june.frank)
    response = client.post("/staff/bulletins/", {"month": "2018-06"})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/bulletins/{bulletin.id}/"
    page = client.get(response["Location"]).content.decode()
    assert "钱丁" in page and "给予其党内警告、政务记过处分" in page and 'id="approve-form"' in page


def test_a_township_officer_cannot_draft_or_issue_and_does_not_see_drafts(june, login):
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    bulletin = actions.do_approve_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version)
    client = login(june.alice)
    assert client.post("/staff/bulletins/", {"month": "2018-07"}).status_code == 403
    shown = {f"name_shown_{i.id}": "full" for i in actions.included_items(bulletin)}
    assert client.post(f"/staff/bulletins/{bulletin.id}/issue/", {"version": bulletin.version, **shown}).status_code == 403
    assert client.post(f"/staff/bulletins/{bulletin.id}/approve/", {"version": bulletin.version}).status_code == 403
    assert client.get(f"/staff/bulletins/{bulletin.id}/").status_code == 404  # a draft: not hers to see
    assert client.get(f"/staff/bulletins/{bulletin.id}/file/docx/").status_code == 404
    assert "慈纪通" not in client.get("/staff/bulletins/").content.decode()
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.APPROVED


def test_intake_drafts_but_cannot_edit_approve_or_issue(june, login):
    client = login(june.erin)
    client.post("/staff/bulletins/", {"month": "2018-06"})
    bulletin = Bulletin.objects.get()
    assert client.get(f"/staff/bulletins/{bulletin.id}/").status_code == 200
    assert client.get(f"/staff/bulletins/{bulletin.id}/edit/").status_code == 403
    assert client.post(f"/staff/bulletins/{bulletin.id}/approve/", {"version": bulletin.version}).status_code == 403
    # A draft's preview: rendered now, without a number.
    preview = client.get(f"/staff/bulletins/{bulletin.id}/file/docx/")
    texts = [p.text for p in Document(io.BytesIO(preview.content)).paragraphs]
    assert "慈纪通〔　　〕　号（草稿）" in texts


def test_the_administrator_and_a_village_member_see_no_drafts(june, login):
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    assert login(june.admin).get(f"/staff/bulletins/{bulletin.id}/").status_code == 404
    assert login(june.hank).get("/staff/bulletins/").status_code == 403


def test_an_issued_bulletin_is_readable_by_every_clue_reading_role(june, issue, login):
    bulletin = issue()
    for user in (june.alice, june.bob, june.carol, june.dave, june.gina, june.admin):
        page = login(user).get(f"/staff/bulletins/{bulletin.id}/")
        assert page.status_code == 200 and "慈纪通〔2018〕1号" in page.content.decode()
        assert 'id="edit-link"' not in page.content.decode()


def test_leadership_edits_approves_and_issues_through_the_pages(june, login):
    client = login(june.frank)
    client.post("/staff/bulletins/", {"month": "2018-06"})
    bulletin = Bulletin.objects.get()
    qian, wang = bulletin.items.all()
    form = {"version": bulletin.version, "title": "关于六月典型案例的通报", "addressee": "各乡镇纪委：",
            "preface": "现通报如下：", "closing": "望引以为戒。"}
    for item, included, facts in ((qian, "on", "钱丁违规为亲属办理低保。"), (wang, "", wang.facts)):
        form |= {f"item-{item.id}-position": item.position, f"item-{item.id}-post": item.post,
                 f"item-{item.id}-facts": facts, f"item-{item.id}-measure_text": item.measure_text}
        if included:
            form[f"item-{item.id}-included"] = included
    assert client.post(f"/staff/bulletins/{bulletin.id}/edit/", form).status_code == 302
    bulletin.refresh_from_db()
    client.post(f"/staff/bulletins/{bulletin.id}/approve/", {"version": bulletin.version})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.APPROVED
    page = client.get(f"/staff/bulletins/{bulletin.id}/").content.decode()
    assert f'name="name_shown_{qian.id}"' in page and f'name="name_shown_{wang.id}"' not in page  # only included
    client.post(f"/staff/bulletins/{bulletin.id}/issue/", {"version": bulletin.version, f"name_shown_{qian.id}": "masked"})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.ISSUED and bulletin.document_no.startswith("慈纪通〔")
    assert [i.name for i in actions.included_items(bulletin)] == ["钱丁"]
    public = client.get("/exposure/").content.decode()
    assert "钱*" in public and "钱丁" not in public and "王甲" not in public and "王*" not in public  # 王甲 excluded


def test_the_exposure_pages_show_exactly_what_was_chosen(june, issue, client):
    bulletin = issue(shown={"王甲": "masked", "钱丁": "full"})
    listing = client.get("/exposure/").content.decode()
    assert "2018年6月" in listing and "慈纪通〔2018〕1号" in listing
    assert "钱丁" in listing and "王*" in listing and "王甲" not in listing
    wang = bulletin.items.get(name="王甲")
    page = client.get(f"/exposure/case/{wang.id}/").content.decode()
    # Township, post, what happened (the name masked in the wording too), measure, date.
    for shown in ("广福桥镇", "青山村党支部书记", "王*虚报冒领危房改造补助资金8000元", "给予其党内警告、政务记过处分",
                  "2018-06-20"):
        assert shown in page
    assert "王甲" not in page
    # Nothing else of the clue: no clue number, reporter, village record or staff link.
    for hidden in (*CLUE_NOS, "赵举报", "13800000000", "/staff/"):
        assert hidden not in page and hidden not in listing
    assert client.get(f"/exposure/{bulletin.id}/pdf/").content == bytes(bulletin.public_pdf)


def test_drafts_and_excluded_items_never_reach_the_exposure_pages(june, issue, client):
    draft = actions.do_draft_bulletin(2018, 7, acting_user=june.frank)
    sun = draft.items.get()
    assert client.get(f"/exposure/case/{sun.id}/").status_code == 404
    assert client.get(f"/exposure/{draft.id}/").status_code == 404
    assert "孙戊" not in client.get("/exposure/").content.decode()


def test_the_name_choice_is_recorded_in_the_audit_trail(issue):
    bulletin = issue(shown={"王甲": "masked", "钱丁": "full"})
    entry = AuditEntry.objects.get(action="bulletin.issued", object_id=str(bulletin.id))
    chosen = {v["public_name"]: v["name_shown"] for v in entry.after["names_shown"].values()}
    assert chosen == {"王*": "masked", "钱丁": "full"}
    assert entry.actor_name == "frank"


def test_the_portal_home_links_to_the_exposure_page(world, client):
    assert 'href="/exposure/"' in client.get("/").content.decode()


def test_the_command_writes_a_draft_then_the_issued_files(june, issue, tmp_path, capsys):
    out, pdf = tmp_path / "b.docx", tmp_path / "b.pdf"
    # call_command, not cli.main: run_from_argv closes the connection, which the test's
    # transaction (PostgreSQL) still needs.
    call_command("report", "bulletin", "--month", "2018-07", "--out", str(out), "--pdf", str(pdf))
    assert "草稿（1 人）" in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF") and Bulletin.objects.get(month=7).status == "draft"
    assert AuditEntry.objects.get(action="bulletin.drafted").actor_name == "system (command line)"
    bulletin = issue(issued_on=date(2018, 7, 5))
    call_command("report", "bulletin", "--month", "2018-06", "--out", str(out), "--pdf", str(pdf))
    assert f"已印发 慈纪通〔2018〕1号，审计链头 {bulletin.audit_head}" in capsys.readouterr().out
    assert out.read_bytes() == bytes(bulletin.docx) and pdf.read_bytes() == bytes(bulletin.pdf)
