"""片区协作 through HTTP: an area's page, standing team, monthly meetings, follow-ups and problems,
scoped to the area (another area 404, wrong role 403), audited, with optimistic versions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.collaboration.models import FollowUp, Meeting, Problem, TeamMember

BASE = "/staff/collaboration"


def actions_of(obj) -> list[str]:
    return list(AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
                .order_by("seq").values_list("action", flat=True))


def meeting_post(**fields):
    data = {"held_on": (timezone.localdate() - timedelta(days=1)).isoformat(), "title": "第一片区11月例会",
            "place": "县纪委三楼会议室", "attendees": "片长 Carol\n广福桥镇纪委 Alice", "absentees": "",
            "clue_nos": "", "discussion": "研究低保金问题线索", "decisions": "由广福桥镇纪委牵头核实"}
    data.update(fields)
    return data


@pytest.fixture
def team(world):
    """Carol's team in 片区 P1: herself (片长), Alice and Bob (the townships), Dave."""
    from qingfeng.collaboration.actions import do_add_team_member

    for user, role in ((world.carol, "leader"), (world.alice, "member"), (world.bob, "member"),
                       (world.dave, "member")):
        do_add_team_member(world.p1, acting_user=world.carol, user=user, team_role=role)
    return world


def test_area_leader_reads_own_area_and_another_area_is_not_found(world, login):
    client = login(world.carol)
    assert client.get(f"{BASE}/areas/{world.p1.code}/").status_code == 200
    assert client.get(f"{BASE}/areas/{world.p2.code}/").status_code == 404
    assert client.get(f"{BASE}/areas/{world.t1.code}/").status_code == 404  # a township is no area
    assert client.get(f"{BASE}/").url == f"{BASE}/areas/{world.p1.code}/"


def test_township_officer_reads_the_area_of_the_township_but_cannot_run_it(world, login):
    client = login(world.alice)
    page = client.get(f"{BASE}/areas/{world.p1.code}/")
    assert page.status_code == 200 and "记录本月例会" not in page.content.decode()
    assert client.get(f"{BASE}/areas/{world.p2.code}/").status_code == 404
    assert client.get(f"{BASE}/areas/{world.p1.code}/meetings/new/").status_code == 403
    assert client.post(f"{BASE}/areas/{world.p1.code}/meetings/new/", meeting_post()).status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["gina", "hank", "erin"])
def test_roles_without_area_work_are_refused(world, login, who):
    client = login(getattr(world, who))
    assert client.get(f"{BASE}/areas/{world.p1.code}/").status_code == 403


def test_only_leadership_sees_the_overview_of_all_areas(world, login):
    page = login(world.frank).get(f"{BASE}/areas/").content.decode()
    assert f'id="area-{world.p1.code}"' in page and f'id="area-{world.p2.code}"' in page
    assert login(world.carol).get(f"{BASE}/areas/").status_code == 403


def test_the_leader_builds_the_team_audited_and_a_stale_change_is_refused(world, login):
    client = login(world.carol)
    response = client.post(f"{BASE}/areas/{world.p1.code}/team/", {"user": world.alice.id, "team_role": "member",
                                                                   "duty": "联系广福桥镇"})
    assert response.status_code == 302
    member = TeamMember.objects.get(area=world.p1, user=world.alice)
    # A user of another area, or a village committee member, cannot join.
    for outsider in (world.ivan, world.hank, world.gina):
        client.post(f"{BASE}/areas/{world.p1.code}/team/", {"user": outsider.id, "team_role": "member"})
    assert list(TeamMember.objects.values_list("user__username", flat=True)) == ["alice"]
    url = f"{BASE}/areas/{world.p1.code}/team/{member.id}/"
    client.post(url, {f"m{member.id}-version": member.version, f"m{member.id}-team_role": "liaison",
                      f"m{member.id}-duty": "联络员"})
    member.refresh_from_db()
    assert (member.team_role, member.version) == ("liaison", 2)
    stale = client.post(url, {f"m{member.id}-version": 1, f"m{member.id}-team_role": "deputy",
                              f"m{member.id}-duty": "x"}, follow=True)
    assert "刚被其他人修改过" in stale.content.decode()
    member.refresh_from_db()
    assert member.team_role == "liaison"
    assert login(world.ivan).post(url, {f"m{member.id}-version": 2, f"m{member.id}-team_role": "member"}
                                  ).status_code == 404
    client = login(world.carol)  # one test client: logging Ivan in logged Carol out
    client.post(url, {f"m{member.id}-version": 2, f"m{member.id}-team_role": "liaison", "remove": "1"})
    assert not TeamMember.objects.exists()
    assert actions_of(member) == ["collaboration.team_add", "collaboration.team_change",
                                  "collaboration.team_remove"]


def test_a_meeting_links_clues_of_the_area_only(team, login, make_clue):
    ours, other_area = make_clue(team.t1), make_clue(team.t3)
    client = login(team.carol)
    refused = client.post(f"{BASE}/areas/{team.p1.code}/meetings/new/",
                          meeting_post(clue_nos=f"{ours.clue_no}, {other_area.clue_no}"))
    assert refused.status_code == 400 and other_area.clue_no in refused.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(f"{BASE}/areas/{team.p1.code}/meetings/new/", meeting_post(clue_nos=ours.clue_no))
    meeting = Meeting.objects.get()
    assert response.url == f"{BASE}/meetings/{meeting.id}/"
    assert (meeting.kind, meeting.area_id, list(meeting.clues.all())) == ("area", team.p1.id, [ours])
    entry = AuditEntry.objects.get(action="collaboration.meeting_record")
    assert entry.after["clues"] == [ours.clue_no] and entry.actor_id == team.carol.id
    # A meeting dated tomorrow is refused.
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.post(f"{BASE}/areas/{team.p1.code}/meetings/new/", meeting_post(held_on=tomorrow)).status_code == 400


def test_the_meeting_page_shows_a_township_officer_only_the_clues_they_may_see(team, login, make_clue):
    from qingfeng.collaboration.actions import do_record_meeting

    mine, bobs = make_clue(team.t1), make_clue(team.t2)
    meeting = do_record_meeting(acting_user=team.carol, kind="area", area=team.p1, held_on=date(2026, 11, 5),
                                title="例会", attendees="全体", clue_nos=[mine.clue_no, bobs.clue_no])
    page = login(team.alice).get(f"{BASE}/meetings/{meeting.id}/").content.decode()
    assert mine.clue_no in page and bobs.clue_no not in page and 'id="hidden-clues"' in page
    assert login(team.ivan).get(f"{BASE}/meetings/{meeting.id}/").status_code == 404
    assert login(team.gina).get(f"{BASE}/meetings/{meeting.id}/").status_code == 404  # joint readers: no area meetings


def test_editing_a_meeting_with_a_stale_version_is_refused(team, login):
    from qingfeng.collaboration.actions import do_record_meeting

    meeting = do_record_meeting(acting_user=team.carol, kind="area", area=team.p1, held_on=date(2026, 11, 5),
                                title="例会", attendees="全体", decisions="初稿")
    client = login(team.carol)
    url = f"{BASE}/meetings/{meeting.id}/edit/"
    assert client.post(url, meeting_post(version=1, decisions="修改一")).status_code == 302
    stale = client.post(url, meeting_post(version=1, decisions="修改二"))
    assert stale.status_code == 400 and "刚被其他人修改过" in stale.content.decode()
    meeting.refresh_from_db()
    assert (meeting.decisions, meeting.version) == ("修改一", 2)
    assert login(team.alice).post(url, meeting_post(version=2)).status_code == 403
    assert actions_of(meeting) == ["collaboration.meeting_record", "collaboration.meeting_update"]


def test_follow_ups_go_to_team_members_and_their_owner_marks_them_done(team, login):
    from qingfeng.collaboration.actions import do_record_meeting

    meeting = do_record_meeting(acting_user=team.carol, kind="area", area=team.p1, held_on=date(2026, 11, 5),
                                title="例会", attendees="全体")
    client = login(team.carol)
    due = date(2026, 11, 30).isoformat()
    client.post(f"{BASE}/meetings/{meeting.id}/follow-ups/", {"task": "核实低保名单", "owner": team.ivan.id,
                                                              "due_on": due})
    assert not FollowUp.objects.exists()  # Ivan is not on the team
    client.post(f"{BASE}/meetings/{meeting.id}/follow-ups/", {"task": "核实低保名单", "owner": team.alice.id,
                                                              "due_on": due})
    follow_up = FollowUp.objects.get()
    url = f"{BASE}/follow-ups/{follow_up.id}/"
    assert login(team.bob).post(url, {f"f{follow_up.id}-version": 1, f"f{follow_up.id}-done": "1"}).status_code == 403
    alice = login(team.alice)
    alice.post(url, {f"f{follow_up.id}-version": 1, f"f{follow_up.id}-done": "1",
                     f"f{follow_up.id}-note": "已核实"})
    follow_up.refresh_from_db()
    assert (follow_up.done, follow_up.done_on, follow_up.note) == (True, timezone.localdate(), "已核实")
    stale = alice.post(url, {f"f{follow_up.id}-version": 1, f"f{follow_up.id}-done": "0"}, follow=True)
    assert "刚被其他人更新过" in stale.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done
    assert actions_of(follow_up) == ["collaboration.follow_up_add", "collaboration.follow_up_done"]


def test_a_problem_is_tracked_to_resolution_by_its_owner(team, login):
    client = login(team.carol)
    response = client.post(f"{BASE}/areas/{team.p1.code}/problems/new/", {
        "title": "乡镇纪委办案力量不足", "description": "两镇各仅 1 名专职人员", "owner": team.alice.id,
        "due_on": "2026-12-31"})
    problem = Problem.objects.get()
    assert response.url == f"{BASE}/problems/{problem.id}/"
    assert login(team.ivan).get(response.url).status_code == 404
    assert login(team.bob).get(response.url).status_code == 200
    assert login(team.bob).post(response.url, {"version": 1, "status": "resolved", "resolution": "x"}).status_code == 403
    alice = login(team.alice)
    refused = alice.post(response.url, {"version": 1, "status": "resolved", "resolution": ""}, follow=True)
    assert "须填写解决情况" in refused.content.decode()
    # The owner may not move the deadline; the leader may.
    alice.post(response.url, {"version": 1, "status": "resolved", "resolution": "已从县纪委抽调 2 人"})
    problem.refresh_from_db()
    assert (problem.status, problem.resolved_on, problem.version) == ("resolved", timezone.localdate(), 2)
    stale = login(team.carol).post(response.url, {"version": 1, "status": "open", "resolution": "",
                                                  "owner": team.bob.id, "due_on": "2027-01-31"}, follow=True)
    assert "刚被其他人更新过" in stale.content.decode()
    problem.refresh_from_db()
    assert (problem.status, problem.owner_id) == ("resolved", team.alice.id)
    assert actions_of(problem) == ["collaboration.problem_add", "collaboration.problem_update"]


def test_the_area_page_lists_overdue_follow_ups_and_problems(team, login):
    from qingfeng.collaboration.actions import (
        do_add_follow_up,
        do_add_problem,
        do_record_meeting,
    )

    today = timezone.localdate()
    meeting = do_record_meeting(acting_user=team.carol, kind="area", area=team.p1, held_on=today - timedelta(days=40),
                                title="上月例会", attendees="全体")
    do_add_follow_up(meeting.id, acting_user=team.carol, task="逾期事项", owner=team.bob,
                     due_on=today - timedelta(days=2))
    do_add_problem(team.p1, acting_user=team.carol, title="逾期问题", owner=team.bob, due_on=today - timedelta(days=1))
    page = login(team.frank).get(f"{BASE}/areas/").content.decode()
    row = page.split(f'id="area-{team.p1.code}"')[1].split("</tr>")[0]
    assert 'class="follow-ups">1 <span class="badge red">1</span>' in row
    assert 'class="problems">1 <span class="badge red">1</span>' in row
