"""What the public version may never carry: names not chosen for publication (also as
they occur in other cases' wording, the title or the PDF's metadata), ID and mobile
numbers, reporters' names; and what an issue refuses (persons changed since the draft,
a month not yet over). Ledger: tests/web/bulletins/conftest.py."""

import re
from datetime import date

import pypdfium2
import pytest

from qingfeng.bulletins import actions
from qingfeng.bulletins.models import Bulletin
from qingfeng.cases.models import Measure
from tests.web.documents_support import pdf_text

pytestmark = pytest.mark.django_db


def _two_on_one_clue(june):
    """B1 now names 周小红 too, who is sanctioned with 王甲."""
    clue = june.clues["XS20180001"]
    clue.summary = "王甲伙同村会计周小红虚报冒领危房改造补助资金8000元"
    clue.save(update_fields=["summary"])
    Measure.objects.create(clue=clue, name="周小红", post="青山村会计", kind="党纪处分", measure="警告", form=2,
                           decided_on=date(2018, 6, 22))


def _approved(june, *, title=None, left_out=()):
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    items = list(bulletin.items.all())
    bulletin = actions.do_update_bulletin(
        bulletin.id, acting_user=june.frank, expected_version=bulletin.version, title=title or bulletin.title,
        addressee=bulletin.addressee, preface=bulletin.preface, closing=bulletin.closing,
        items=[actions.ItemEdit(i.id, i.name not in left_out, i.position, i.post, i.facts, i.measure_text)
               for i in items])
    return actions.do_approve_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version)


def _issue(june, bulletin, shown, issued_on=date(2018, 7, 5)):
    choices = {item.id: shown[item.name] for item in actions.included_items(bulletin)}
    return actions.do_issue_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version,
                                     name_shown=choices, issued_on=issued_on)


def _public(client, bulletin) -> str:
    """Every public page of the bulletin and its public PDF's text and metadata, as one text."""
    pages = [client.get("/exposure/"), client.get(f"/exposure/{bulletin.id}/")]
    pages += [client.get(f"/exposure/case/{item.id}/") for item in bulletin.items.filter(included=True)]
    assert all(page.status_code == 200 for page in pages)
    public_pdf = client.get(f"/exposure/{bulletin.id}/pdf/").content
    metadata = pypdfium2.PdfDocument(public_pdf).get_metadata_dict()
    return "".join(p.content.decode() for p in pages) + pdf_text(public_pdf) + str(metadata)


def test_a_masked_name_stays_masked_in_other_cases_the_title_and_the_pdf_metadata(june, client):
    _two_on_one_clue(june)
    bulletin = _approved(june, title="关于王甲、周小红等人问题的通报")
    bulletin = _issue(june, bulletin, {"王甲": "masked", "周小红": "masked", "钱丁": "full"})

    shown = _public(client, bulletin)
    assert "王甲" not in shown and "周小红" not in shown
    assert "王*" in shown and "周*红" in shown and "钱丁" in shown
    assert "关于王*、周*红等人问题的通报" in shown
    office = pdf_text(bytes(bulletin.pdf))  # the office's copy keeps every name
    assert "王甲" in office and "周小红" in office


def test_a_person_left_out_of_the_bulletin_is_masked_where_another_case_names_them(june, client):
    _two_on_one_clue(june)
    bulletin = _issue(june, _approved(june, left_out=("周小红",)), {"王甲": "full", "钱丁": "full"})

    shown = _public(client, bulletin)
    assert "周小红" not in shown and "王甲伙同村会计周*红" in shown
    left_out = bulletin.items.get(name="周小红")
    assert client.get(f"/exposure/case/{left_out.id}/").status_code == 404


@pytest.mark.parametrize(("summary", "problem"), [
    ("钱丁优亲厚友，群众电话13912345678反映", "手机号码"),
    ("钱丁（身份证430821198001010019）优亲厚友", "身份证号码"),
])
def test_an_id_or_mobile_number_in_the_public_wording_refuses_the_issue_and_takes_no_number(june, summary, problem):
    clue = june.clues["XS20180002"]
    clue.summary = summary
    clue.save(update_fields=["summary"])
    bulletin = _approved(june)

    with pytest.raises(actions.BulletinError, match=problem):
        _issue(june, bulletin, {"王甲": "full", "钱丁": "full"})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.APPROVED and bulletin.number is None


def test_the_reporters_name_in_the_wording_refuses_the_issue(june):
    clue = june.clues["XS20180001"]
    clue.summary = "赵举报反映王甲虚报冒领危房改造补助资金"
    clue.save(update_fields=["summary"])
    with pytest.raises(actions.BulletinError, match="反映人姓名"):
        _issue(june, _approved(june), {"王甲": "full", "钱丁": "full"})


def test_persons_changed_since_approval_refuse_the_issue_until_the_draft_is_updated(june):
    bulletin = _approved(june)
    Measure.objects.filter(name="钱丁").delete()  # the sanction was withdrawn

    with pytest.raises(actions.BulletinError, match="处理人员或统计数字已有变化"):
        _issue(june, bulletin, {"王甲": "full", "钱丁": "full"})
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    bulletin = actions.do_approve_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version)
    issued = _issue(june, bulletin, {"王甲": "full"})
    assert [item.name for item in actions.included_items(issued)] == ["王甲"]


def test_figures_changed_since_approval_refuse_the_issue(june):
    bulletin = _approved(june)
    clue = june.clues["XS20180003"]
    clue.state, clue.closed_on, clue.recovered = "已办结", date(2018, 6, 29), "500.00"
    clue.save()  # closed in June after the draft: the month's 追缴 changed
    with pytest.raises(actions.BulletinError, match="统计数字已有变化"):
        _issue(june, bulletin, {"王甲": "full", "钱丁": "full"})


def test_a_month_is_issued_only_after_it_is_over(june):
    bulletin = _approved(june)
    with pytest.raises(actions.BulletinError, match="该月结束后"):
        _issue(june, bulletin, {"王甲": "full", "钱丁": "full"}, issued_on=date(2018, 6, 30))
    assert _issue(june, bulletin, {"王甲": "full", "钱丁": "full"}, issued_on=date(2018, 7, 1)).is_issued


def test_the_issue_form_chooses_no_name_for_leadership(june, login):
    bulletin = _approved(june)
    page = login(june.frank).get(f"/staff/bulletins/{bulletin.id}/").content.decode()
    radios = re.findall(r'<input[^>]*name="name_shown_\d+"[^>]*>', page)
    assert len(radios) == 4 and not any("checked" in radio for radio in radios)


def test_the_exposure_list_takes_a_fixed_number_of_queries(june, client, django_assert_max_num_queries):
    _issue(june, _approved(june), {"王甲": "full", "钱丁": "masked"})
    with django_assert_max_num_queries(3):  # bulletins, their included items (and the session)
        page = client.get("/exposure/")
    assert page.status_code == 200 and "钱*" in page.content.decode()
