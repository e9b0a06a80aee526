"""片区协作 / 联动联办 integrity: editing a meeting keeps the clues its editor may not see (hidden,
counted, untouched); the commission's 信访室 named on an area team reaches the area, its
meetings and the tasks and problems it owns; a monthly return only for a month the rule allows."""

from datetime import date

import pytest
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.models import Clue
from qingfeng.collaboration.actions import (
    do_add_follow_up,
    do_add_problem,
    do_add_team_member,
    do_record_meeting,
)
from qingfeng.collaboration.models import FollowUp, Meeting, MonthlyReturn, Problem

BASE = "/staff/collaboration"


def meeting_post(meeting, **fields):
    data = {"version": meeting.version, "held_on": "2026-11-05", "title": "例会", "place": "", "attendees": "全体",
            "absentees": "", "clue_nos": "", "discussion": "", "decisions": ""}
    data.update(fields)
    return data


@pytest.fixture
def moved(world, make_clue):
    """Carol's P1 meeting discussed clues a and b of 广福桥镇; b has since moved to 江垭镇 (片区 P2)."""
    a, b, c = make_clue(world.t1), make_clue(world.t1), make_clue(world.t2)
    meeting = do_record_meeting(acting_user=world.carol, kind="area", area=world.p1, held_on=date(2026, 11, 5),
                                title="例会", attendees="全体", clue_nos=[a.clue_no, b.clue_no])
    Clue.objects.filter(id=b.id).update(owner=world.t3)
    world.a, world.b, world.c, world.meeting = a, b, c, meeting
    return world


def test_the_edit_form_lists_only_the_clues_the_editor_may_see_and_counts_the_others(moved, login):
    page = login(moved.carol).get(f"{BASE}/meetings/{moved.meeting.id}/edit/").content.decode()
    assert moved.a.clue_no in page and moved.b.clue_no not in page
    assert 'id="hidden-clues"' in page and "另有 1 条" in page


def test_saving_the_edit_keeps_the_hidden_clue_and_validates_only_added_ones(moved, login):
    client = login(moved.carol)
    url = f"{BASE}/meetings/{moved.meeting.id}/edit/"
    # Adding a clue of another area is refused; nothing changes.
    other = Clue.objects.get(id=moved.b.id)
    refused = client.post(url, meeting_post(moved.meeting, clue_nos=f"{moved.a.clue_no}\n{moved.c.clue_no}, x-1"))
    assert refused.status_code == 400 and "x-1" in refused.content.decode()
    # The form as shown (a listed, b hidden), with c added: saved; b stays.
    response = client.post(url, meeting_post(moved.meeting, clue_nos=f"{moved.a.clue_no}\n{moved.c.clue_no}",
                                             decisions="补充"))
    assert response.status_code == 302
    moved.meeting.refresh_from_db()
    assert set(moved.meeting.clues.values_list("id", flat=True)) == {moved.a.id, other.id, moved.c.id}
    assert moved.meeting.version == 2
    # Dropping a (the only one the editor sees) leaves b and c.
    client.post(url, meeting_post(moved.meeting, clue_nos=moved.c.clue_no, decisions="补充"))
    moved.meeting.refresh_from_db()
    assert set(moved.meeting.clues.values_list("id", flat=True)) == {other.id, moved.c.id}
    entries = AuditEntry.objects.filter(action="collaboration.meeting_update").order_by("seq")
    assert [e.after["clues"] for e in entries] == [sorted([moved.a.clue_no, moved.b.clue_no, moved.c.clue_no]),
                                                   sorted([moved.b.clue_no, moved.c.clue_no])]


def test_a_meeting_saved_without_a_version_is_refused(moved, login):
    response = login(moved.carol).post(f"{BASE}/meetings/{moved.meeting.id}/edit/",
                                       meeting_post(moved.meeting, version="", decisions="覆盖"))
    assert response.status_code == 400
    moved.meeting.refresh_from_db()
    assert (moved.meeting.decisions, moved.meeting.version) == ("", 1)


@pytest.fixture
def erin_on_team(world):
    """Erin (信访室, the county's intake office) is the liaison of P1's team with a task and a problem."""
    do_add_team_member(world.p1, acting_user=world.carol, user=world.erin, team_role="liaison")
    meeting = do_record_meeting(acting_user=world.carol, kind="area", area=world.p1, held_on=date(2026, 11, 5),
                                title="例会", attendees="全体")
    world.task = do_add_follow_up(meeting.id, acting_user=world.carol, task="汇总信访件", owner=world.erin,
                                  due_on=date(2026, 11, 30))
    world.problem = do_add_problem(world.p1, acting_user=world.carol, title="重复信访多", owner=world.erin,
                                   due_on=date(2026, 12, 31))
    world.meeting = meeting
    return world


def test_the_intake_office_on_a_team_reaches_its_area_and_meeting_but_not_another_area(erin_on_team, login):
    w = erin_on_team
    client = login(w.erin)
    assert client.get(f"{BASE}/areas/{w.p1.code}/").status_code == 200
    assert client.get(f"{BASE}/areas/{w.p2.code}/").status_code == 404
    assert client.get(f"{BASE}/meetings/{w.meeting.id}/").status_code == 200
    assert client.get(f"{BASE}/").url == f"{BASE}/areas/{w.p1.code}/"
    assert client.get(f"{BASE}/meetings/{w.meeting.id}/edit/").status_code == 403  # the leader keeps the record


def test_the_intake_office_marks_its_task_done_and_updates_its_problem(erin_on_team, login):
    w = erin_on_team
    client = login(w.erin)
    client.post(f"{BASE}/follow-ups/{w.task.id}/", {f"f{w.task.id}-version": 1, f"f{w.task.id}-done": "1",
                                                    f"f{w.task.id}-note": "已汇总"})
    task = FollowUp.objects.get()
    assert (task.done, task.done_on, task.note) == (True, timezone.localdate(), "已汇总")
    client.post(f"{BASE}/problems/{w.problem.id}/", {"version": 1, "status": "resolved", "resolution": "已建台账"})
    assert Problem.objects.get().status == "resolved"


def test_the_intake_office_off_every_team_still_has_no_area_work(world, login):
    assert login(world.erin).get(f"{BASE}/areas/{world.p1.code}/").status_code == 403


def test_an_area_leader_owning_a_joint_meetings_task_reaches_that_meeting(world, login):
    """The county's area coordinator (片区 leader role at the county) may own a joint meeting's task,
    though the joint meetings are not theirs to read."""
    from qingfeng.accounts.models import Role, User

    paul = User.objects.create_user("paul", password="x", role=Role.AREA_LEADER, jurisdiction=world.county)
    joint = do_record_meeting(acting_user=world.erin, kind="joint", held_on=date(2026, 11, 5), title="联席会议",
                              attendees="18 个成员单位")
    task = do_add_follow_up(joint.id, acting_user=world.erin, task="片区排查", owner=paul,
                            due_on=date(2026, 11, 30))
    other = do_record_meeting(acting_user=world.erin, kind="joint", held_on=date(2026, 11, 6), title="另一次",
                              attendees="x")
    client = login(paul)
    assert client.get(f"{BASE}/meetings/{joint.id}/").status_code == 200
    assert client.get(f"{BASE}/meetings/{other.id}/").status_code == 404
    client.post(f"{BASE}/follow-ups/{task.id}/", {f"f{task.id}-version": 1, f"f{task.id}-done": "1"})
    assert FollowUp.objects.get(id=task.id).done
    assert Meeting.objects.count() == 2


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 11, 18))


def nil_return(client, month):
    return client.post(f"{BASE}/returns/", {"month": month, "kind": "nil", "note": "", "version": "",
                                            "confirmed": "on"}, follow=True)


@pytest.mark.parametrize(("month", "accepted"), [
    ("1900-01", False), ("2025-10", False), ("2025-11", True), ("2026-10", True), ("2026-11", False),
    ("2026-12", False),
])
def test_a_return_is_taken_only_for_the_twelve_months_before_the_current_one(world, login, frozen, month,
                                                                              accepted):
    page = nil_return(login(world.gina), month).content.decode()
    assert MonthlyReturn.objects.exists() == accepted
    if not accepted:
        assert "只能报送" in page
