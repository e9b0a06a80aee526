"""The reminders the collaboration app gives the inbox (qingfeng.inbox.sources), its menu entries,
and joint meetings recorded with the area meetings' form."""

from datetime import date

import pytest

from qingfeng.collaboration.actions import (
    do_add_follow_up,
    do_add_problem,
    do_add_team_member,
    do_record_meeting,
    do_submit_return,
)
from qingfeng.collaboration.models import Meeting
from qingfeng.inbox.sources import reminders_for
from qingfeng.staff.menu import entries_for

BASE = "/staff/collaboration"


def kinds(user, today):
    return [(r.kind, r.due, r.overdue) for r in reminders_for(user, today)]


def test_a_department_is_reminded_of_last_months_list_from_the_15th_and_overdue_after_the_20th(world):
    assert kinds(world.gina, date(2026, 11, 14)) == [("dept_monthly_list", date(2026, 10, 20), True)]  # September's
    do_submit_return(acting_user=world.gina, month=date(2026, 9, 1), kind="nil", confirmed=True)
    assert kinds(world.gina, date(2026, 11, 14)) == []
    assert kinds(world.gina, date(2026, 11, 15)) == [("dept_monthly_list", date(2026, 11, 20), False)]
    assert kinds(world.gina, date(2026, 11, 20)) == [("dept_monthly_list", date(2026, 11, 20), False)]
    assert kinds(world.gina, date(2026, 11, 21)) == [("dept_monthly_list", date(2026, 11, 20), True)]
    reminder = reminders_for(world.gina, date(2026, 11, 21))[0]
    assert reminder.url == f"{BASE}/returns/?month=2026-10" and "2026年10月" in reminder.title
    assert kinds(world.alice, date(2026, 11, 21)) == []  # not a department


def test_owners_are_reminded_of_follow_ups_and_problems_due_within_3_working_days_or_overdue(world):
    do_add_team_member(world.p1, acting_user=world.carol, user=world.alice)
    meeting = do_record_meeting(acting_user=world.carol, kind="area", area=world.p1, held_on=date(2026, 11, 2),
                                title="例会", attendees="全体", today=date(2026, 11, 2))
    # Friday 2026-11-20: Wednesday the 25th is 3 working days ahead, Thursday the 26th 4.
    do_add_follow_up(meeting.id, acting_user=world.carol, task="三日内", owner=world.alice, due_on=date(2026, 11, 25))
    do_add_follow_up(meeting.id, acting_user=world.carol, task="四日后", owner=world.alice, due_on=date(2026, 11, 26))
    do_add_follow_up(meeting.id, acting_user=world.carol, task="已逾期", owner=world.alice, due_on=date(2026, 11, 19))
    do_add_problem(world.p1, acting_user=world.carol, title="难题", owner=world.alice, due_on=date(2026, 11, 24))
    found = reminders_for(world.alice, date(2026, 11, 20))
    assert [(r.kind, r.due, r.overdue) for r in found] == [
        ("area_follow_up", date(2026, 11, 19), True), ("area_problem", date(2026, 11, 24), False),
        ("area_follow_up", date(2026, 11, 25), False)]
    assert found[0].url == f"{BASE}/meetings/{meeting.id}/" and "已逾期" in found[0].title
    assert kinds(world.bob, date(2026, 11, 20)) == []


def test_an_area_leader_is_reminded_of_the_months_meeting_until_one_is_held(world):
    assert kinds(world.carol, date(2026, 11, 20)) == [("area_meeting", date(2026, 11, 30), False)]
    do_record_meeting(acting_user=world.carol, kind="area", area=world.p1, held_on=date(2026, 11, 2),
                      title="例会", attendees="全体", today=date(2026, 11, 20))
    assert kinds(world.carol, date(2026, 11, 20)) == []
    assert kinds(world.carol, date(2026, 12, 1)) == [("area_meeting", date(2026, 12, 31), False)]
    assert kinds(world.ivan, date(2026, 11, 20)) == [("area_meeting", date(2026, 11, 30), False)]


@pytest.mark.parametrize("who,titles", [
    ("carol", ["片区协作"]), ("alice", ["片区协作"]), ("frank", ["片区协作", "部门移送汇总", "联席会议"]),
    ("erin", ["部门移送汇总", "联席会议"]), ("gina", ["月度移送清单", "移送线索办理情况", "联席会议"]), ("hank", []),
])
def test_the_menu_offers_each_role_its_pages(world, who, titles):
    ours = [e for e in entries_for(getattr(world, who)) if e.url.startswith(BASE)]
    assert [e.title for e in ours] == titles


def test_the_menu_entries_open(world, login):
    for who in ("carol", "alice", "frank", "erin", "gina"):
        user = getattr(world, who)
        client = login(user)
        for entry in entries_for(user):
            if entry.url.startswith(BASE):
                assert client.get(entry.url).status_code == 200, (who, entry.url)


def test_a_joint_meeting_is_recorded_with_the_meeting_form_and_read_by_departments(world, login, make_clue):
    transfer = make_clue(world.t3, source="部门移送", channel="", reporter="")
    transfer.department = world.mz
    transfer.save()
    petition = make_clue(world.t1)
    client = login(world.erin)
    data = {"held_on": "2026-11-10", "title": "扶贫领域职能部门联席会议", "place": "县纪委",
            "attendees": "县纪委监委\n县法院\n县检察院\n县巡察办\n县民政局", "absentees": "",
            "clue_nos": petition.clue_no, "discussion": "通报移送线索办理情况", "decisions": "各单位按月报送"}
    refused = client.post(f"{BASE}/joint/new/", data)
    assert refused.status_code == 400 and petition.clue_no in refused.content.decode()  # not a transfer
    response = client.post(f"{BASE}/joint/new/", data | {"clue_nos": transfer.clue_no})
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.area, list(meeting.clues.all())) == ("joint", None, [transfer])
    assert response.url == f"{BASE}/meetings/{meeting.id}/"
    gina = login(world.gina)
    assert "扶贫领域职能部门联席会议" in gina.get(f"{BASE}/joint/").content.decode()
    assert transfer.clue_no in gina.get(response.url).content.decode()  # her department's transfer
    assert gina.get(f"{BASE}/joint/new/").status_code == 403
    assert gina.get(f"{BASE}/meetings/{meeting.id}/edit/").status_code == 403
    assert login(world.carol).get(response.url).status_code == 404
    do_add_follow_up(meeting.id, acting_user=world.erin, task="民政局补报清单", owner=world.gina,
                     due_on=date(2026, 11, 20))
    found = [r for r in reminders_for(world.gina, date(2026, 11, 19)) if r.kind == "area_follow_up"]
    assert [(r.due, r.url) for r in found] == [(date(2026, 11, 20), response.url)]


def test_the_forms_open_for_those_who_use_them(world, login):
    meeting = do_record_meeting(acting_user=world.carol, kind="area", area=world.p1, held_on=date(2026, 11, 2),
                                title="例会", attendees="全体", today=date(2026, 11, 2))
    do_add_team_member(world.p1, acting_user=world.carol, user=world.alice)
    problem = do_add_problem(world.p1, acting_user=world.carol, title="难题", owner=world.alice,
                             due_on=date(2026, 12, 24))
    carol = login(world.carol)
    for url in (f"/areas/{world.p1.code}/meetings/new/", f"/areas/{world.p1.code}/problems/new/",
                f"/meetings/{meeting.id}/edit/", f"/meetings/{meeting.id}/", f"/problems/{problem.id}/"):
        page = carol.get(BASE + url)
        assert page.status_code == 200 and 'method="post"' in page.content.decode(), url
    assert 'name="owner"' in carol.get(f"{BASE}/problems/{problem.id}/").content.decode()  # the leader reassigns
    alice = login(world.alice).get(f"{BASE}/problems/{problem.id}/").content.decode()
    assert 'name="status"' in alice and 'name="owner"' not in alice  # the owner reports progress only
    assert 'method="post"' in login(world.erin).get(f"{BASE}/joint/new/").content.decode()
    page = login(world.gina).get(f"{BASE}/returns/?month=2099-01").content.decode()  # a future month: the one due
    assert 'id="return-form"' in page
