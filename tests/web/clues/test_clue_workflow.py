"""A petition goes from intake to archive through the pages, and the ledger columns follow."""

from datetime import date

from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.models import Clue


def _post(client, clue, name, **data):
    clue.refresh_from_db()
    return client.post(f"/staff/clues/{clue.id}/do/{name}/", {"version": clue.version, **data}, follow=True)


def test_petition_runs_from_intake_to_archive_through_the_pages(world, login):
    erin = login(world.erin)
    response = erin.post("/staff/clues/new/", {
        "received_on": "2024-09-20", "source": "信访举报", "channel": "来信", "reporter_name": "张举报",
        "reporter_contact": "13900001111", "subject": "王某", "subject_post": "青山村支书",
        "township": world.t1.code, "village": world.v1.code, "category": "虚报冒领",
        "summary": "虚报冒领低保金", "amount_involved": "3000",
    })
    clue = Clue.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/clues/{clue.id}/"
    assert (clue.state, clue.stage, clue.owner, clue.ack_due_on) == ("待处置", "registered", world.t1, date(2024, 10, 16))
    assert clue.clue_no.startswith("XS2024")

    assert "已完成" in _post(erin, clue, "propose", disposal="初步核实", reason="需核实").content.decode()
    carol = login(world.carol)
    _post(carol, clue, "approve")
    clue.refresh_from_db()
    assert (clue.stage, clue.state, clue.disposal, clue.leader) == ("approved", "待处置", "初步核实", world.carol)

    _post(carol, clue, "assign", handler_unit="第一片区审查组", handler=world.dave.id, due_on="")
    clue.refresh_from_db()
    assert (clue.stage, clue.state, clue.handler, clue.handler_name) == ("handling", "办理中", world.dave, "Dave")
    assert clue.due_on > timezone.localdate()  # 30 working days by default for 初步核实

    dave = login(world.dave)
    _post(dave, clue, "record_result", result="属实", case_filed="on", filed_on="2024-10-10",
          persons_sanctioned=1, org_handled=2, first_form=0, judicial=0, recovered="1200.50", returned="300")
    carol = login(world.carol)
    refused = _post(carol, clue, "close", investigated="on", dealt_with="on", file_complete="on", educated="on")
    assert "五个到位未完成" in refused.content.decode()
    clue.refresh_from_db()
    assert clue.state == "办理中"

    _post(carol, clue, "close", investigated="on", dealt_with="on", fed_back="on", feedback_on="2024-10-20",
          file_complete="on", educated="on")
    _post(login(world.erin), clue, "archive")
    clue.refresh_from_db()
    assert (clue.stage, clue.state, clue.closed_on, clue.archived) == ("archived", "已办结", timezone.localdate(), True)
    assert (clue.case_filed, clue.filed_on, clue.persons_sanctioned, clue.org_handled) == (True, date(2024, 10, 10), 1, 2)
    assert (str(clue.recovered), clue.fed_back, clue.feedback_on) == ("1200.50", True, date(2024, 10, 20))

    actions = list(AuditEntry.objects.filter(object_id=str(clue.id)).values_list("action", flat=True))
    assert actions == ["clue.create", "clue.propose", "clue.approve", "clue.assign", "clue.record_result",
                       "clue.close", "clue.archive"]
    page = login(world.frank).get(f"/staff/clues/{clue.id}/").content.decode()
    for label in ("登记", "批准处置", "交办承办", "录入办理结果", "办结销号", "已归档"):
        assert label in page


def test_township_officer_cannot_approve_a_disposal(world, login, make_clue, advance):
    clue = advance(make_clue(), "propose")
    response = _post(login(world.alice), clue, "approve")
    assert "您的角色不能执行此操作" in response.content.decode()
    clue.refresh_from_db()
    assert clue.stage == "proposed"


def test_rejected_proposal_returns_to_pending(world, login, make_clue, advance):
    clue = advance(make_clue(), "propose")
    _post(login(world.carol), clue, "reject", reason="依据不足")
    clue.refresh_from_db()
    assert (clue.stage, clue.state, clue.proposed_disposal) == ("registered", "待处置", "")


def test_conclude_disposal_goes_straight_to_close_out_and_anonymous_needs_no_feedback(world, login, make_clue):
    clue = make_clue(reporter="匿名")
    erin, carol = login(world.erin), login(world.carol)
    _post(erin, clue, "propose", disposal="予以了结", reason="经查无此人")
    _post(carol, clue, "approve")
    clue.refresh_from_db()
    assert (clue.stage, clue.result, clue.ack_due_on) == ("result", "经查无此人", None)
    _post(carol, clue, "close", investigated="on", dealt_with="on", file_complete="on", educated="on")
    clue.refresh_from_db()
    assert (clue.state, clue.fed_back) == ("已办结", False)


def test_shelved_clue_can_be_proposed_again(world, make_clue, advance):
    from qingfeng.clues import actions

    clue = make_clue()
    clue = actions.do_transition(clue.id, "propose", acting_user=world.erin, expected_version=clue.version,
                                 payload={"disposal": "暂存待查", "reason": "线索不具体"})
    clue = actions.do_transition(clue.id, "approve", acting_user=world.carol, expected_version=clue.version)
    assert (clue.stage, clue.state) == ("shelved", "办理中")
    clue = actions.do_transition(clue.id, "propose", acting_user=world.erin, expected_version=clue.version,
                                 payload={"disposal": "谈话函询", "reason": "有新情况"})
    assert clue.stage == "proposed"


def test_case_filed_without_filing_date_is_refused(world, login, make_clue, advance):
    clue = advance(make_clue(), "assign")
    response = _post(login(world.dave), clue, "record_result", result="x", case_filed="on", persons_sanctioned=0,
                     org_handled=0, first_form=0, judicial=0, recovered=0, returned=0)
    assert "立案日期" in response.content.decode()
    clue.refresh_from_db()
    assert clue.stage == "handling"
