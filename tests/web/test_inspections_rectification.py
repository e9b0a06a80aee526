"""巡察整改 through HTTP: roles and scope, problems, rectification reported and verified,
立行立改, the indicator table against figures counted by hand, 巡察移交 in one action."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.models import Clue, Source
from qingfeng.inspections import actions
from qingfeng.inspections.models import Problem, Round

TODAY = date(2026, 11, 2)  # a Monday


@pytest.fixture
def rounds(world):
    erin = world.erin
    r1 = actions.do_create_round(acting_user=erin, year=2026, number=1, kind="常规", started_on=date(2026, 3, 1),
                                 ended_on=date(2026, 4, 30), today=TODAY)
    r2 = actions.do_create_round(acting_user=erin, year=2026, number=2, kind="专项", started_on=date(2026, 6, 1),
                                 today=TODAY)
    t1 = actions.do_add_target(r1.id, acting_user=erin, village=world.v1, organisation="青山村党支部")
    t1b = actions.do_add_target(r1.id, acting_user=erin, village=world.v1b, extended=True)
    t2 = actions.do_add_target(r1.id, acting_user=erin, village=world.v2)
    tmz = actions.do_add_target(r2.id, acting_user=erin, department=world.mz)
    t3 = actions.do_add_target(r2.id, acting_user=erin, village=world.v3)

    def problem(target, n, immediate=False, due=date(2026, 12, 31)):
        return [actions.do_add_problem(target.id, acting_user=erin, description=f"问题{target.id}-{i}",
                                       fed_back_on=date(2026, 5, 10), due_on=due, immediate=immediate, today=TODAY)
                for i in range(n)]

    p = {"v1": problem(t1, 3), "v1i": problem(t1, 2, immediate=True), "v1b": problem(t1b, 1),
         "v2": problem(t2, 2), "mz": problem(tmz, 2), "v3": problem(t3, 1, immediate=True)}
    return {"r1": r1, "r2": r2, "t1": t1, "t2": t2, "tmz": tmz, "t3": t3, "p": p}


def _post(client, url, data):
    return client.post(url, data, follow=True)


def test_case_handler_and_village_member_are_refused(world, login, rounds):
    for user in (world.dave, world.hank):
        client = login(user)
        assert client.get("/staff/inspections/").status_code == 403
        assert client.get(f"/staff/inspections/{rounds['r1'].id}/").status_code == 403


def test_township_officer_sees_only_own_villages_problems(world, login, rounds):
    client = login(world.alice)
    page = client.get(f"/staff/inspections/{rounds['r1'].id}/").content.decode()
    assert "问题%d-0" % rounds["t1"].id in page and "问题%d-0" % rounds["t2"].id not in page
    bob_problem = rounds["p"]["v2"][0]
    assert client.get(f"/staff/inspections/problems/{bob_problem.id}/").status_code == 404
    assert client.get(f"/staff/inspections/problems/{rounds['p']['mz'][0].id}/").status_code == 404
    # and the indicator table is the county's
    assert client.get("/staff/inspections/indicators/").status_code == 403


def test_department_liaison_sees_only_own_department(world, login, rounds):
    client = login(world.gina)
    assert client.get(f"/staff/inspections/problems/{rounds['p']['mz'][0].id}/").status_code == 200
    assert client.get(f"/staff/inspections/problems/{rounds['p']['v1'][0].id}/").status_code == 404
    index = client.get("/staff/inspections/").content.decode()
    assert index.count('data-problem="') == 2


def test_township_officer_cannot_create_round_or_add_problem(world, login, rounds):
    client = login(world.alice)
    assert client.post("/staff/inspections/", {"year": 2026, "number": 5, "kind": "机动",
                                               "started_on": "2026-09-01"}).status_code == 403
    assert client.post(f"/staff/inspections/{rounds['r1'].id}/problems/", {
        "target": rounds["t1"].id, "description": "x", "fed_back_on": "2026-05-01",
        "due_on": "2026-06-01"}).status_code == 403
    assert Round.objects.count() == 2


def test_office_creates_round_and_problem_through_pages(world, login, rounds):
    client = login(world.erin)
    response = _post(client, "/staff/inspections/", {"year": 2026, "number": 3, "kind": "机动",
                                                     "started_on": "2026-09-01"})
    new = Round.objects.get(year=2026, number=3)
    assert response.status_code == 200 and new.kind == "机动"
    _post(client, f"/staff/inspections/{new.id}/targets/", {"village": world.v3.code, "extended": "on"})
    target = new.targets.get()
    assert target.extended and target.village == world.v3
    _post(client, f"/staff/inspections/{new.id}/problems/", {
        "target": target.id, "description": "惠民资金发放台账不全", "fed_back_on": "2026-09-20",
        "due_on": "2026-10-20", "immediate": "on"})
    problem = target.problems.get()
    assert problem.immediate and problem.status == Problem.Status.OPEN
    assert AuditEntry.objects.filter(action="inspection.problem.add", object_id=str(problem.id)).count() == 1
    # a second round with the same year and number is refused, naming the field
    page = client.post("/staff/inspections/", {"year": 2026, "number": 3, "kind": "常规",
                                               "started_on": "2026-09-01"}).content.decode()
    assert "该年度已有这一轮巡察" in page


def test_township_reports_rectification_and_office_verifies(world, login, rounds):
    problem = rounds["p"]["v1"][0]
    client = login(world.alice)
    _post(client, f"/staff/inspections/problems/{problem.id}/report/", {
        "version": problem.version, "rectification": "已补发并公示", "money_returned": "1200.50",
        "reported_on": "2026-06-01"})
    problem.refresh_from_db()
    assert problem.status == Problem.Status.REPORTED and problem.money_returned == Decimal("1200.50")
    assert problem.reported_by == world.alice
    # Alice may not verify her own report
    assert client.post(f"/staff/inspections/problems/{problem.id}/verify/",
                       {"version": problem.version, "accept": "1"}).status_code == 403
    office = login(world.frank)
    _post(office, f"/staff/inspections/problems/{problem.id}/verify/", {"version": problem.version, "accept": "1"})
    problem.refresh_from_db()
    assert problem.status == Problem.Status.VERIFIED and problem.verified_by == world.frank
    actions_logged = list(AuditEntry.objects.filter(object_type="inspections.problem", object_id=str(problem.id))
                          .values_list("action", flat=True))
    assert actions_logged == ["inspection.problem.add", "inspection.problem.report", "inspection.problem.verify"]


def test_bob_cannot_report_for_alices_village(world, login, rounds):
    problem = rounds["p"]["v1"][0]
    response = login(world.bob).post(f"/staff/inspections/problems/{problem.id}/report/", {
        "version": problem.version, "rectification": "x", "money_returned": "0"})
    assert response.status_code == 404


def test_returning_a_report_needs_a_reason_and_reopens(world, login, rounds):
    problem = rounds["p"]["v2"][0]
    actions.do_report_rectification(problem.id, acting_user=world.bob, expected_version=problem.version,
                                    rectification="整改中", today=TODAY)
    problem.refresh_from_db()
    office = login(world.erin)
    page = _post(office, f"/staff/inspections/problems/{problem.id}/verify/",
                 {"version": problem.version, "accept": "0"}).content.decode()
    assert "此项必填" in page
    _post(office, f"/staff/inspections/problems/{problem.id}/verify/",
          {"version": problem.version, "accept": "0", "note": "未见公示照片"})
    problem.refresh_from_db()
    assert problem.status == Problem.Status.OPEN and problem.verification_note == "未见公示照片"


def test_immediate_problem_verified_on_the_spot_but_not_an_ordinary_one(world, login, rounds):
    office = login(world.erin)
    ordinary, immediate = rounds["p"]["v1"][1], rounds["p"]["v1i"][0]
    page = _post(office, f"/staff/inspections/problems/{ordinary.id}/verify/",
                 {"version": ordinary.version, "accept": "1"}).content.decode()
    assert "只有立行立改的问题可以当场核实" in page
    _post(office, f"/staff/inspections/problems/{immediate.id}/verify/",
          {"version": immediate.version, "accept": "1", "rectification": "当场退还", "money_returned": "300"})
    immediate.refresh_from_db()
    assert immediate.status == Problem.Status.VERIFIED and immediate.money_returned == Decimal("300.00")


def test_stale_version_is_a_conflict_not_an_overwrite(world, login, rounds):
    problem = rounds["p"]["v1"][2]
    stale = problem.version
    actions.do_report_rectification(problem.id, acting_user=world.alice, expected_version=stale,
                                    rectification="第一次", today=TODAY)
    page = _post(login(world.alice), f"/staff/inspections/problems/{problem.id}/report/", {
        "version": stale, "rectification": "第二次", "money_returned": "0"}).content.decode()
    problem.refresh_from_db()
    assert "刚被其他人修改过" in page and problem.rectification == "第一次"


def test_indicator_table_equals_counts_by_hand(world, login, rounds):
    erin, p = world.erin, rounds["p"]
    # round 1: 3 + 2 (立行立改) in v1, 1 in v1b (extended), 2 in v2 = 8 problems, 2 立行立改
    # verify: v1[0] (money 100.10), v1i[0] on the spot (money 50), v2[0] reported but not verified
    for problem, money in ((p["v1"][0], "100.10"), (p["v2"][0], "7")):
        actions.do_report_rectification(problem.id, acting_user=erin, expected_version=None,
                                        rectification="已整改", money_returned=money, today=TODAY)
    actions.do_verify_rectification(p["v1"][0].id, acting_user=erin, expected_version=None, accept=True,
                                    today=TODAY)
    actions.do_verify_rectification(p["v1i"][0].id, acting_user=erin, expected_version=None, accept=True,
                                    rectification="当场整改", money_returned="50", today=TODAY)
    # round 2: 2 in mz, 1 立行立改 in v3, verified on the spot
    actions.do_verify_rectification(p["v3"][0].id, acting_user=erin, expected_version=None, accept=True,
                                    rectification="当场整改", today=TODAY)
    r1, r2 = rounds["r1"], rounds["r2"]
    actions.do_add_suggestion(r1.id, acting_user=erin, department=world.mz, text="规范低保审核", made_on=TODAY,
                              today=TODAY)
    for title in ("村级财务公开制度", "惠民资金发放复核制度"):
        actions.do_add_rule(r2.id, acting_user=erin, unit_name="江垭镇", title=title, established_on=TODAY, today=TODAY)
    page = login(world.frank).get("/staff/inspections/indicators/?year=2026").content.decode()
    expected = {
        # villages, extended, problems, rectified, immediate, immediate done, suggestions, rules, money
        r1.id: ("2", "1", "8", "2", "2", "1", "1", "0", "157.10"),
        r2.id: ("1", "0", "3", "1", "1", "1", "0", "2", "0.00"),
    }
    cols = ("villages", "extended_villages", "problems", "rectified", "immediate", "immediate_rectified",
            "suggestions", "rules", "money_returned")
    for round_id, values in expected.items():
        row = page.split(f'data-round="{round_id}"')[1].split("</tr>")[0]
        for col, value in zip(cols, values):
            assert f'data-col="{col}">{value}<' in row, (round_id, col)
    total = page.split('id="year-total"')[1].split("</tr>")[0]
    for col, value in zip(cols, ("3", "1", "11", "3", "3", "2", "1", "2", "157.10")):
        assert f'data-col="{col}">{value}<' in total, col
    assert "常规巡察 1" in page and "专项巡察 1" in page


def test_problem_becomes_clue_in_one_action_linked_both_ways(world, login, rounds):
    problem = rounds["p"]["v1"][1]
    before = Clue.objects.count()
    response = _post(login(world.erin), f"/staff/inspections/problems/{problem.id}/transfer/", {
        "version": problem.version, "category": "截留挪用", "subject": "王某", "summary": ""})
    problem.refresh_from_db()
    clue = problem.clue
    assert Clue.objects.count() == before + 1
    assert clue.source == Source.INSPECTION and clue.channel == ""
    assert clue.township == world.t1 and clue.village == world.v1 and clue.category == "截留挪用"
    assert clue.inspection_problem == problem and problem.description in clue.summary
    assert response.redirect_chain[-1][0] == f"/staff/clues/{clue.id}/"
    assert f"/staff/inspections/problems/{problem.id}/" in response.content.decode()  # the clue links back
    assert AuditEntry.objects.filter(action="clue.create", object_id=str(clue.id)).count() == 1
    assert AuditEntry.objects.filter(action="inspection.problem.transfer", object_id=str(problem.id)).count() == 1
    # a second transfer is refused: one problem, one clue
    _post(login(world.erin), f"/staff/inspections/problems/{problem.id}/transfer/", {"version": problem.version + 1})
    assert Clue.objects.count() == before + 1
    # township officers may not hand problems over
    other = rounds["p"]["v1"][2]
    assert login(world.alice).post(f"/staff/inspections/problems/{other.id}/transfer/",
                                   {"version": other.version}).status_code == 403


def test_reminders_for_the_organisation_responsible(world, rounds):
    from qingfeng.inspections.reminders import reminders

    erin = world.erin
    soon = actions.do_add_problem(rounds["t1"].id, acting_user=erin, description="临期", fed_back_on=TODAY,
                                  due_on=TODAY + timedelta(days=3), today=TODAY)  # Thursday: 3 working days
    late = actions.do_add_problem(rounds["t1"].id, acting_user=erin, description="超期", fed_back_on=date(2026, 10, 1),
                                  due_on=TODAY - timedelta(days=1), today=TODAY)
    actions.do_add_problem(rounds["t1"].id, acting_user=erin, description="尚早", fed_back_on=TODAY,
                           due_on=TODAY + timedelta(days=10), today=TODAY)
    found = reminders(world.alice, TODAY)
    assert [(r.url.rstrip("/").split("/")[-1], r.overdue) for r in found] == [(str(late.id), True),
                                                                              (str(soon.id), False)]
    assert reminders(world.bob, TODAY) == []
    actions.do_report_rectification(late.id, acting_user=world.alice, expected_version=None, rectification="已改",
                                    today=TODAY)
    assert len(reminders(world.alice, TODAY)) == 1
    office = reminders(world.erin, TODAY)
    assert len(office) == 1 and office[0].kind == "inspection_to_verify" and office[0].title.startswith("1 ")


def test_menu_entries_by_role(world, login, rounds):
    assert "/staff/inspections/indicators/" in login(world.frank).get("/staff/").content.decode()
    home = login(world.alice).get("/staff/").content.decode()
    assert "/staff/inspections/" in home and "/staff/inspections/indicators/" not in home
    assert "/staff/inspections/" not in login(world.hank).get("/staff/").content.decode()
