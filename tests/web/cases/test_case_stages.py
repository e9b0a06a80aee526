"""A case moves 立案 → 审查调查 → 案件审理 → 处分决定 → 结案, forward only, each stage with its day."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.cases import actions
from qingfeng.cases.models import Case
from qingfeng.core.versioning import Conflict


@pytest.fixture
def case(world, case_clue):
    clue = case_clue()
    return actions.do_file_case(clue.id, acting_user=world.dave, expected_version=clue.version,
                                filed_on=date(2024, 3, 5))


def _advance(client, case, stage, on, version=None):
    return client.post(f"/staff/cases/{case.id}/advance/",
                       {"version": case.version if version is None else version, "stage": stage, "on": on})


def _page(client, case) -> str:
    return client.get(f"/staff/cases/{case.id}/").content.decode()


def test_a_case_goes_through_every_stage_with_its_dates(world, login, case):
    client = login(world.dave)
    for stage, on in [("审查调查", "2024-03-06"), ("案件审理", "2024-04-01"), ("处分决定", "2024-04-20"),
                      ("结案", "2024-04-20")]:
        case.refresh_from_db()
        assert _advance(client, case, stage, on).status_code == 302
    case.refresh_from_db()
    assert case.stage == "结案"
    assert (case.investigation_on, case.trial_on, case.decision_on, case.closed_on) == (
        date(2024, 3, 6), date(2024, 4, 1), date(2024, 4, 20), date(2024, 4, 20))
    assert "结案 2024-04-20" in _page(client, case)


def test_a_stage_cannot_be_skipped(world, login, case):
    client = login(world.dave)
    _advance(client, case, "案件审理", "2024-03-06")
    case.refresh_from_db()
    assert case.stage == "立案"
    assert "下一环节是“审查调查”" in _page(client, case)


def test_a_stage_cannot_go_back(world, case):
    case = actions.do_advance_case(case.id, acting_user=world.dave, expected_version=case.version,
                                   stage="审查调查", on=date(2024, 3, 6))
    with pytest.raises(Exception, match="下一环节是“案件审理”"):
        actions.do_advance_case(case.id, acting_user=world.dave, expected_version=case.version, stage="立案",
                                on=date(2024, 3, 7))


def test_a_stage_cannot_be_dated_before_the_previous_one(world, login, case):
    client = login(world.dave)
    _advance(client, case, "审查调查", "2024-03-04")
    case.refresh_from_db()
    assert (case.stage, case.investigation_on) == ("立案", None)
    assert "审查调查日期不能早于立案日期（2024-03-05）" in _page(client, case)


def test_a_stage_cannot_be_dated_in_the_future(world, login, case):
    tomorrow = timezone.localdate() + timedelta(days=1)
    _advance(login(world.dave), case, "审查调查", tomorrow.isoformat())
    case.refresh_from_db()
    assert case.stage == "立案"


def test_a_closed_case_goes_no_further(world, case):
    for stage in ("审查调查", "案件审理", "处分决定", "结案"):
        case = actions.do_advance_case(case.id, acting_user=world.dave, expected_version=case.version, stage=stage,
                                       on=date(2024, 3, 6))
    with pytest.raises(Exception, match="案件已结案"):
        actions.do_advance_case(case.id, acting_user=world.dave, expected_version=case.version, stage="结案",
                                on=date(2024, 3, 6))


def test_a_stale_stage_change_is_a_conflict(world, login, case):
    stale = case.version
    actions.do_advance_case(case.id, acting_user=world.carol, expected_version=stale, stage="审查调查",
                            on=date(2024, 3, 6))
    with pytest.raises(Conflict):
        actions.do_advance_case(case.id, acting_user=world.dave, expected_version=stale, stage="案件审理",
                                on=date(2024, 3, 7))
    response = _advance(login(world.dave), case, "案件审理", "2024-03-07", version=stale)
    assert "已被他人修改" in login(world.dave).get(response.url).content.decode()


def test_each_stage_change_is_one_audit_entry(world, login, case):
    before = AuditEntry.objects.count()
    _advance(login(world.dave), case, "审查调查", "2024-03-06")
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.before["stage"], entry.after["stage"]) == ("case.advance", "立案", "审查调查")


def test_the_clue_history_shows_the_stage_change(world, login, case):
    _advance(login(world.dave), case, "审查调查", "2024-03-06")
    page = login(world.dave).get(f"/staff/clues/{case.clue_id}/").content.decode()
    assert "案件环节推进" in page and "立案 → 审查调查" in page


def test_investigated_persons_are_added_and_removed_with_audit(world, login, case):
    client = login(world.dave)
    response = client.post(f"/staff/cases/{case.id}/investigated/", {
        "version": case.version, "name": "王某", "post": "青山村党支部书记", "rank": "村(社区)干部",
        "party_member": "on"})
    assert response.status_code == 302
    person = case.investigated.get()
    assert (person.name, person.rank, person.party_member) == ("王某", "村(社区)干部", True)
    assert "青山村党支部书记" in _page(client, case)
    case.refresh_from_db()
    client.post(f"/staff/cases/{case.id}/investigated/{person.id}/remove/", {"version": case.version})
    assert not case.investigated.exists()
    actions_logged = list(AuditEntry.objects.filter(action__startswith="case.investigated").values_list("action",
                                                                                                       flat=True))
    assert actions_logged == ["case.investigated.add", "case.investigated.remove"]


def test_the_same_person_is_investigated_once_per_case(world, case):
    case = Case.objects.get(id=case.id)
    actions.do_add_investigated(case.id, acting_user=world.dave, expected_version=case.version, name="王某")
    case.refresh_from_db()
    with pytest.raises(Exception, match="王某已在被调查人中"):
        actions.do_add_investigated(case.id, acting_user=world.dave, expected_version=case.version, name="王某")


# --- who sees and moves cases -------------------------------------------------------------------------


def test_the_case_list_shows_only_cases_of_visible_clues(world, login, case_clue):
    mine, theirs = case_clue(), case_clue(world.t3)
    actions.do_file_case(mine.id, acting_user=world.dave, expected_version=mine.version)
    actions.do_file_case(theirs.id, acting_user=world.frank, expected_version=theirs.version)
    alice_page = login(world.alice).get("/staff/cases/").content.decode()
    assert mine.clue_no in alice_page and theirs.clue_no not in alice_page
    frank_page = login(world.frank).get("/staff/cases/").content.decode()
    assert mine.clue_no in frank_page and theirs.clue_no in frank_page


def test_a_township_officer_cannot_open_another_townships_case(world, login, case):
    client = login(world.bob)
    assert client.get(f"/staff/cases/{case.id}/").status_code == 404
    assert _advance(client, case, "审查调查", "2024-03-06").status_code == 404
    case.refresh_from_db()
    assert case.stage == "立案"


def test_intake_sees_a_case_but_cannot_move_it(world, login, case):
    client = login(world.erin)
    assert client.get(f"/staff/cases/{case.id}/").status_code == 200
    assert _advance(client, case, "审查调查", "2024-03-06").status_code == 403
    assert client.post(f"/staff/cases/{case.id}/investigated/", {"version": case.version, "name": "X"}).status_code == 403


def test_leadership_moves_a_case_anywhere(world, login, case_clue):
    clue = case_clue(world.t3)
    case = actions.do_file_case(clue.id, acting_user=world.frank, expected_version=clue.version)
    _advance(login(world.frank), case, "审查调查", timezone.localdate().isoformat())
    case.refresh_from_db()
    assert case.stage == "审查调查"


def test_the_staff_menu_offers_the_case_list(world, login):
    assert "/staff/cases/" in login(world.alice).get("/staff/").content.decode()
    assert login(world.hank).get("/staff/cases/").status_code == 403
