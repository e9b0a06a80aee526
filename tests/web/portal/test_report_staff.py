"""The staff block of an online report on the clue page: messages to the reporter, the feedback text."""

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.models import Clue, State
from qingfeng.portal.models import PublicMessage, PublicReport
from tests.web.portal.report_support import post, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(client, world):
    """A report about 广福桥镇 (Alice's township) and its receipt; the client is logged out again."""
    receipt = report(client).json()["receipt"]
    return Clue.objects.get(), receipt


def test_the_clue_page_shows_the_reporters_messages_escaped(client, login, world, reported):
    clue, receipt = reported
    post(client, "/reports/messages", {"receipt": receipt, "text": "<script>alert(1)</script>还有一户"})
    page = login(world.alice).get(f"/staff/clues/{clue.id}/").content.decode()
    assert 'id="public-report"' in page and 'id="public-message"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;还有一户" in page and "<script>alert(1)" not in page


def test_a_clue_not_reported_online_has_no_block(login, world):
    from datetime import date

    from qingfeng.clues.actions import do_create_clue

    clue, _ = do_create_clue(acting_user=world.erin, received_on=date(2026, 1, 5), source="信访举报", channel="来信",
                             summary="来信反映", township=world.t1)
    assert 'id="public-report"' not in login(world.alice).get(f"/staff/clues/{clue.id}/").content.decode()


def test_staff_write_to_the_reporter_who_reads_it_with_the_receipt(client, login, world, reported):
    clue, receipt = reported
    staff = login(world.alice)
    response = staff.post(f"/staff/portal/clues/{clue.id}/message/", {"text": "已收到，请提供具体户名。"})
    assert response.status_code == 302
    message = PublicMessage.objects.get()
    assert (message.sender, message.staff_user) == (PublicMessage.Sender.STAFF, world.alice)
    entry = AuditEntry.objects.get(action="portal.message")
    assert entry.actor_id == world.alice.id and entry.after["text"] == "已收到，请提供具体户名。"
    client.logout()
    messages = post(client, "/reports/status", {"receipt": receipt}).json()["messages"]
    assert [(m["from"], m["text"]) for m in messages] == [("工作人员", "已收到，请提供具体户名。")]
    assert "alice" not in repr(messages).lower() and "Alice" not in repr(messages)


def test_the_conversation_runs_both_ways_in_order(client, login, world, reported):
    clue, receipt = reported
    post(client, "/reports/messages", {"receipt": receipt, "text": "一"})
    login(world.alice).post(f"/staff/portal/clues/{clue.id}/message/", {"text": "二"})
    client.logout()
    post(client, "/reports/messages", {"receipt": receipt, "text": "三"})
    messages = post(client, "/reports/status", {"receipt": receipt}).json()["messages"]
    assert [(m["from"], m["text"]) for m in messages] == [("举报人", "一"), ("工作人员", "二"), ("举报人", "三")]


def test_the_feedback_text_becomes_the_public_result(client, login, world, reported):
    clue, receipt = reported
    version = PublicReport.objects.get().version
    login(world.alice).post(f"/staff/portal/clues/{clue.id}/feedback/", {"feedback": "经查属实，已追回资金。",
                                                                        "version": version})
    assert AuditEntry.objects.get(action="portal.feedback").after["feedback"] == "经查属实，已追回资金。"
    client.logout()
    assert post(client, "/reports/status", {"receipt": receipt}).json()["result"] == "经查属实，已追回资金。"


def test_a_stale_feedback_form_is_refused_not_overwritten(login, world, reported):
    clue, _receipt = reported
    staff = login(world.alice)
    staff.post(f"/staff/portal/clues/{clue.id}/feedback/", {"feedback": "第一稿", "version": 1})
    response = staff.post(f"/staff/portal/clues/{clue.id}/feedback/", {"feedback": "旧页面", "version": 1}, follow=True)
    assert PublicReport.objects.get().feedback == "第一稿"
    assert "刚被他人修改" in response.content.decode()


def test_an_officer_of_another_township_can_neither_see_nor_answer(login, world, reported):
    clue, _receipt = reported
    bob = login(world.bob)
    assert bob.get(f"/staff/clues/{clue.id}/").status_code == 404
    assert bob.post(f"/staff/portal/clues/{clue.id}/message/", {"text": "越权"}).status_code == 404
    assert bob.post(f"/staff/portal/clues/{clue.id}/feedback/", {"feedback": "越权", "version": 1}).status_code == 404
    assert not PublicMessage.objects.exists() and PublicReport.objects.get().feedback == ""


def test_a_department_liaison_may_not_answer(login, world, reported):
    clue, _receipt = reported
    assert login(world.gina).post(f"/staff/portal/clues/{clue.id}/message/", {"text": "x"}).status_code == 403
    assert not PublicMessage.objects.exists()


def test_the_public_state_follows_the_clue(client, world, reported):
    clue, receipt = reported
    Clue.objects.filter(id=clue.id).update(state=State.IN_PROGRESS)
    assert post(client, "/reports/status", {"receipt": receipt}).json()["state"] == "办理中"
    Clue.objects.filter(id=clue.id).update(state=State.CLOSED)
    assert post(client, "/reports/status", {"receipt": receipt}).json()["state"] == "已办结"


def test_only_those_who_answer_the_reporter_get_the_conversation(world, reported):
    from qingfeng.portal.templatetags.portal_reports import public_report_block

    clue, _ = reported
    assert public_report_block({"user": world.gina}, clue) == {"report": None}  # a department liaison
    assert public_report_block({"user": world.alice}, clue)["report"].clue_id == clue.id


def test_staff_cannot_show_the_reporter_an_id_number(client, login, world, reported):
    from tests.engine.crosscheck_helpers import make_id

    clue, receipt = reported
    staff = login(world.alice)
    page = staff.post(f"/staff/portal/clues/{clue.id}/message/", {"text": f"经核实，{make_id('19800101', '011')}已退出"},
                      follow=True).content.decode()
    assert "不能含有身份证号码" in page and not PublicMessage.objects.exists()


def test_no_staff_page_is_in_the_public_portal_namespace():
    from django.urls import get_resolver

    portal = get_resolver().namespace_dict["portal"][1]
    public_paths = [str(p.pattern) for p in portal.url_patterns]

    def flat(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from flat(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    assert public_paths and not [p for p in flat(portal.url_patterns) if p.startswith("staff")]
