"""Each staff member's inbox holds what needs them, in their jurisdiction only.

A constructed ledger on Monday 2024-03-04 (an ordinary week: the warning horizon of
3 working days runs to Thursday 03-07; Friday 03-08 is the 4th working day, outside):

  C1 广福桥镇 (T1) owns, handled by Dave, due 03-07 (yellow, 3 working days left)
  C2 东岳观镇 (T2) owns, due 03-01 (overdue 1 working day)
  C3 第一片区 (P1) owns, Frank its responsible leader, due 03-04 (today)
  C4 the county owns, due 02-28 (overdue 3 working days: 02-29, 03-01, 03-04)
  C5 T1 owns, due 03-08 (outside the horizon)      C6 T1, due 02-01 but closed
  C7 江垭镇 (T3), a named reporter to be told by 03-05
  C8 a cross-check hit in T3 awaiting disposal     C9 a hit in T1 already proposed
  督办: on C1 by Carol (reply by 03-06); on C2 by Frank, answered by Bob's attachment;
        on C4 by Frank, no reply date.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.clues import actions
from qingfeng.clues.models import Clue, Stage, State
from qingfeng.core import workdays
from qingfeng.inbox import service

TODAY = date(2024, 3, 4)


@pytest.fixture(autouse=True)
def _fresh_calendar():
    workdays.forget()
    yield
    workdays.forget()


def _clue(make_clue, made_in, *, reporter="", **fields):
    clue = make_clue(made_in, reporter=reporter)
    Clue.objects.filter(pk=clue.pk).update(**fields)
    clue.refresh_from_db()
    return clue


@pytest.fixture
def ledger(world, make_clue):
    w = world
    L = {}
    L["c1"] = _clue(make_clue, w.t1, owner=w.t1, due_on=date(2024, 3, 7), handler=w.dave,
                    state=State.IN_PROGRESS, stage=Stage.HANDLING)
    L["c2"] = _clue(make_clue, w.t2, owner=w.t2, due_on=date(2024, 3, 1), state=State.IN_PROGRESS,
                    stage=Stage.HANDLING)
    L["c3"] = _clue(make_clue, w.t1, owner=w.p1, due_on=date(2024, 3, 4), leader=w.frank)
    L["c4"] = _clue(make_clue, w.t1, owner=w.county, township=None, due_on=date(2024, 2, 28))
    L["c5"] = _clue(make_clue, w.t1, owner=w.t1, due_on=date(2024, 3, 8))
    L["c6"] = _clue(make_clue, w.t1, owner=w.t1, due_on=date(2024, 2, 1), state=State.CLOSED, stage=Stage.CLOSED)
    L["c7"] = _clue(make_clue, w.t3, reporter="张举报", owner=w.t3)
    Clue.objects.filter(pk=L["c7"].pk).update(ack_due_on=date(2024, 3, 5))
    L["c8"] = _clue(make_clue, w.t3, owner=w.t3, source="大数据比对", hit_key="R01:H1")
    L["c9"] = _clue(make_clue, w.t1, owner=w.t1, source="大数据比对", hit_key="R01:H2", stage=Stage.PROPOSED)
    L["n1"] = actions.do_issue_notice(L["c1"].id, acting_user=w.carol, message="抓紧办理", reply_by=date(2024, 3, 6))
    L["n2"] = actions.do_issue_notice(L["c2"].id, acting_user=w.frank, message="说明进展")
    actions.do_add_attachment(L["c2"].id, acting_user=w.bob,
                              upload=SimpleUploadedFile("回复.txt", "已核实".encode(), content_type="text/plain"))
    L["n4"] = actions.do_issue_notice(L["c4"].id, acting_user=w.frank, message="限期办结")
    return L


# The ledger's reminders (qingfeng.clues.reminders, bulletins, the calendar); other apps' sources
# (area meetings, boxes, …) have their own tests.
LEDGER_KINDS = {"clue_deadline", "clue_ack", "supervision_notice", "crosscheck_hits", "bulletin_unissued",
                "calendar_unscheduled"}


def _ledger(user, today=TODAY):
    return [r for r in service.inbox_for(user, today).reminders if r.kind in LEDGER_KINDS]


def _seen(user, today=TODAY):
    return [(r.kind, r.url, r.due, r.overdue) for r in _ledger(user, today)]


def _url(clue):
    return f"/staff/clues/{clue.id}/"


def test_township_officer_sees_own_township_deadlines_and_notices_only(world, ledger):
    assert _seen(world.alice) == [
        ("clue_deadline", _url(ledger["c1"]), date(2024, 3, 7), False),
        ("supervision_notice", _url(ledger["c1"]), date(2024, 3, 6), False),
    ][::-1]  # the reply date 03-06 comes before the deadline 03-07


def test_another_townships_deadline_never_shows(world, ledger):
    alice = [r.url for r in service.inbox_for(world.alice, TODAY).reminders]
    assert _url(ledger["c2"]) not in alice
    # Bob's township: C2 overdue; its notice was answered by his attachment.
    assert _seen(world.bob) == [("clue_deadline", _url(ledger["c2"]), date(2024, 3, 1), True)]


def test_overdue_text_counts_working_days(world, ledger):
    (reminder,) = service.inbox_for(world.bob, TODAY).reminders
    assert reminder.title == f"线索 {ledger['c2'].clue_no} 已超过办理时限（2024-03-01），超期 1 个工作日"
    (_n, soon) = service.inbox_for(world.alice, TODAY).reminders
    assert soon.title == f"线索 {ledger['c1'].clue_no} 将于 2024-03-07 到期，还有 3 个工作日"


def test_area_leader_sees_what_the_area_owns_not_its_townships(world, ledger):
    assert _seen(world.carol) == [("clue_deadline", _url(ledger["c3"]), date(2024, 3, 4), False)]
    (reminder,) = _ledger(world.carol)
    assert reminder.title == f"线索 {ledger['c3'].clue_no} 今日到期（办理时限 2024-03-04）"


def test_other_area_leader_sees_the_hit_of_their_township(world, ledger):
    (hit,) = _ledger(world.ivan)
    assert (hit.kind, hit.title, hit.due) == ("crosscheck_hits", "1 条大数据比对线索待处置", None)
    assert hit.url == "/staff/clues/?source=%E5%A4%A7%E6%95%B0%E6%8D%AE%E6%AF%94%E5%AF%B9&stage=registered"


def test_case_handler_sees_the_clue_they_handle_and_its_notice(world, ledger):
    assert _seen(world.dave) == [
        ("supervision_notice", _url(ledger["c1"]), date(2024, 3, 6), False),
        ("clue_deadline", _url(ledger["c1"]), date(2024, 3, 7), False),
    ]


def test_intake_sees_county_deadlines_acknowledgements_notices_and_hits(world, ledger):
    assert _seen(world.erin) == [
        ("clue_deadline", _url(ledger["c4"]), date(2024, 2, 28), True),
        ("clue_ack", _url(ledger["c7"]), date(2024, 3, 5), False),
        ("supervision_notice", _url(ledger["c4"]), None, False),
        ("crosscheck_hits", "/staff/clues/?source=%E5%A4%A7%E6%95%B0%E6%8D%AE%E6%AF%94%E5%AF%B9&stage=registered",
         None, False),
    ]
    hits = service.inbox_for(world.erin, TODAY).reminders[-1]
    assert hits.title == "1 条大数据比对线索待处置"  # C9 is already proposed: not counted


def test_leadership_sees_clues_they_lead_and_the_unissued_bulletin(world, ledger):
    reminders = service.inbox_for(world.frank, TODAY).reminders
    assert [(r.kind, r.due) for r in reminders] == [("clue_deadline", date(2024, 3, 4)), ("bulletin_unissued", None)]
    assert reminders[1].title == "上月典型案例通报尚未印发（2024年2月）"


def test_department_and_village_members_have_nothing_of_the_ledger(world, ledger):
    assert _ledger(world.gina) == []
    assert _ledger(world.hank) == []


def test_a_newer_notice_on_the_answered_clue_shows_again(world, ledger):
    actions.do_issue_notice(ledger["c2"].id, acting_user=world.frank, message="再次督办", reply_by=date(2024, 3, 1))
    kinds = [(r.kind, r.overdue) for r in service.inbox_for(world.bob, TODAY).reminders]
    assert kinds == [("clue_deadline", True), ("supervision_notice", True)]


def test_administrator_is_asked_for_next_years_schedule_from_october(world):
    assert service.inbox_for(world.admin, date(2026, 9, 30)).reminders == []  # 2026 is in the package
    (reminder,) = service.inbox_for(world.admin, date(2026, 10, 1)).reminders
    assert reminder.title == "2027 年节假日安排尚未导入：该年的期限暂按周一至周五计算"
    assert reminder.url == "/staff/inbox/calendar/"
