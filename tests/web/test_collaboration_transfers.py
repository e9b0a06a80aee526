"""联动联办 through HTTP: a department transfers through the intake page, submits its monthly list or
a nil return by the 20th (late ones marked), the 20th's summary (page and Excel) shows who has not
submitted, and a department sees what became of its own transfers only, without reporters."""

import io
from datetime import date

import pytest
from django.utils import timezone

from qingfeng.accounts.models import Role, User
from qingfeng.audit.models import AuditEntry
from qingfeng.clues import actions as clue_actions
from qingfeng.clues.models import Clue
from qingfeng.collaboration.models import MonthlyReturn
from qingfeng.places.models import Department

BASE = "/staff/collaboration"
OCTOBER = date(2026, 10, 1)


@pytest.fixture
def today(monkeypatch):
    def freeze(day: date):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    freeze(date(2026, 11, 18))
    return freeze


@pytest.fixture
def county(world, today):
    """民政 (Gina) transferred two clues in October and one in November; 财政 (Carl) none;
    扶贫办 has no liaison and never submits."""
    world.fp = Department.objects.create(code="fp", name="县扶贫办")
    world.carl = User.objects.create_user("carl", password="x", role=Role.DEPARTMENT, jurisdiction=world.county,
                                          department=world.cz, full_name="Carl")

    def transfer(on, summary, township, reporter=""):
        clue, _ = clue_actions.do_create_clue(acting_user=world.gina, received_on=on, source="", township=township,
                                              category="虚报冒领", summary=summary, reporter_name=reporter,
                                              reporter_contact="13700002222" if reporter else "")
        return clue

    world.oct1 = transfer(date(2026, 10, 9), "低保对象死亡未及时退出", world.t1, reporter="覃举报")
    world.oct2 = transfer(date(2026, 10, 28), "危房改造补助重复领取", world.t3)
    world.nov1 = transfer(date(2026, 11, 3), "临时救助审核不严", world.t2)
    return world


def submit(client, kind, month="2026-10", confirmed=True, version="", **extra):
    data = {"month": month, "kind": kind, "note": "", "version": version, **extra}
    if confirmed:
        data["confirmed"] = "on"
    return client.post(f"{BASE}/returns/", data, follow=True)


def test_a_liaison_transfers_through_the_intake_page_as_a_department_transfer(world, login, today):
    client = login(world.gina)
    response = client.post("/staff/clues/new/", {"received_on": "2026-11-10", "category": "截留挪用",
                                                 "summary": "产业奖补资金未发放到户", "township": world.t1.code})
    clue = Clue.objects.get()
    assert response.status_code == 302
    assert (clue.source, clue.department_id) == ("部门移送", world.mz.id)
    assert clue.clue_no in client.get(f"{BASE}/feedback/").content.decode()


def test_a_nil_return_is_refused_while_the_month_has_transfers_and_a_list_is_confirmed(county, login):
    gina = login(county.gina)
    page = gina.get(f"{BASE}/returns/").content.decode()  # the month due this month: October
    assert county.oct1.clue_no in page and county.oct2.clue_no in page and county.nov1.clue_no not in page
    assert "不能零报告" in submit(gina, "nil").content.decode()
    assert "请确认报送内容" in submit(gina, "list", confirmed=False).content.decode()
    assert not MonthlyReturn.objects.exists()
    assert "已报送" in submit(gina, "list").content.decode()
    ret = MonthlyReturn.objects.get(department=county.mz)
    assert (ret.kind, ret.clue_count, ret.late, ret.month) == ("list", 2, False, OCTOBER)
    assert set(ret.clues.all()) == {county.oct1, county.oct2}
    carl = login(county.carl)
    assert "没有移送线索，请报送零报告" in submit(carl, "list").content.decode()
    submit(carl, "nil", note="本月无移送")
    nil = MonthlyReturn.objects.get(department=county.cz)
    assert (nil.kind, nil.clue_count) == ("nil", 0)
    actions = AuditEntry.objects.filter(object_type="collaboration.monthlyreturn").order_by("seq")
    assert [(e.action, e.actor_id, e.after["kind"]) for e in actions] == [
        ("collaboration.return_submit", county.gina.id, "list"), ("collaboration.return_submit", county.carl.id, "nil")]
    assert actions[0].after["clues"] == [county.oct1.clue_no, county.oct2.clue_no]
    assert "只能报送已经结束的月份" in submit(carl, "nil", month="2026-11").content.decode()


def test_a_revision_needs_the_version_seen_and_a_late_return_is_marked_late(county, login, today):
    today(date(2026, 11, 21))
    gina = login(county.gina)
    submit(gina, "list")
    ret = MonthlyReturn.objects.get()
    assert ret.late and ret.version == 1
    # A transfer of October registered afterwards: the list is revised with the version seen.
    clue_actions.do_create_clue(acting_user=county.gina, received_on=date(2026, 10, 30), source="",
                                category="其他", summary="补录的十月移送")
    assert "刚被本部门其他人报送或修改过" in submit(gina, "list").content.decode()  # no version: someone else's
    assert "刚被本部门其他人报送或修改过" in submit(gina, "list", version=0).content.decode()
    submit(gina, "list", version=1)
    ret.refresh_from_db()
    assert (ret.clue_count, ret.version, ret.late) == (3, 2, True)
    assert AuditEntry.objects.filter(action="collaboration.return_revise", object_id=str(ret.id)).count() == 1


def test_the_summary_of_the_20th_shows_counts_returns_and_missing_departments(county, login, today):
    from qingfeng.collaboration.actions import do_submit_return

    do_submit_return(acting_user=county.gina, month=OCTOBER, kind="list", confirmed=True)
    clue_actions.do_transition(county.oct1.id, "propose", acting_user=county.erin, expected_version=1,
                               payload={"disposal": "予以了结", "reason": "不属实"})
    client = login(county.erin)
    page = client.get(f"{BASE}/transfers/").content.decode()  # the 18th: not due yet
    assert 'id="missing"' not in page and "尚未报送（未到期）" in page
    today(date(2026, 11, 20))
    page = client.get(f"{BASE}/transfers/?month=2026-10").content.decode()
    assert 'id="missing"' not in page  # on the 20th itself nobody is late yet
    today(date(2026, 11, 21))
    do_submit_return(acting_user=county.carl, month=OCTOBER, kind="nil", confirmed=True)
    page = client.get(f"{BASE}/transfers/?month=2026-10").content.decode()
    missing = page.split('id="missing"')[1].split("</p>")[0]
    assert "县扶贫办" in missing and "县民政局" not in missing and "县财政局" not in missing
    mz = page.split('id="dept-mz"')[1].split("</tr>")[0]
    assert 'data-status="list"' in page and '<td class="transferred">2</td>' in mz
    cz = page.split('id="dept-cz"')[1].split("</tr>")[0]
    assert "零报告" in cz and "逾期" in cz  # submitted on the 21st
    assert 'id="dept-fp" data-status="missing"' in page

    response = client.get(f"{BASE}/transfers/?month=2026-10&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "2026年10月" in rows[0][0]
    assert rows[1][:7] == ("部门", "移送线索", "待处置", "办理中", "已办结", "已立案", "报送情况")
    by_name = {r[0]: r for r in rows[2:]}
    assert by_name["县民政局"][1:7] == (2, 2, 0, 0, 0, "已报送清单")
    assert by_name["县财政局"][1] == 0 and by_name["县财政局"][6] == "零报告" and by_name["县财政局"][8] == "是"
    assert by_name["县扶贫办"][6] == "未报送"
    assert by_name["合计"][1] == 2 and "未报送 1 个部门" in by_name["合计"][6]


@pytest.mark.parametrize("who,url,status", [
    ("alice", "/transfers/", 403), ("gina", "/transfers/", 403), ("frank", "/returns/", 403),
    ("erin", "/feedback/", 403), ("carol", "/returns/", 403),
])
def test_the_pages_of_transfers_are_for_their_roles(county, login, who, url, status):
    assert login(getattr(county, who)).get(BASE + url).status_code == status


def test_a_liaison_without_a_department_sees_no_returns(county, login):
    county.carl.department = None
    county.carl.save()
    assert login(county.carl).get(f"{BASE}/returns/").status_code == 403


def test_a_department_sees_the_results_of_its_own_transfers_without_reporters(county, login, advance):
    other, _ = clue_actions.do_create_clue(acting_user=county.carl, received_on=date(2026, 10, 5), source="",
                                           category="其他", summary="财政局移送的线索")
    done = advance(county.oct1, until="close", today=date(2026, 11, 18))
    page = login(county.gina).get(f"{BASE}/feedback/").content.decode()
    assert county.oct1.clue_no in page and county.nov1.clue_no in page and other.clue_no not in page
    row = page.split(f'id="clue-{done.clue_no}"')[1].split("</tr>")[0]
    assert '<td class="state">已办结</td>' in row and '<td class="disposal">初步核实</td>' in row
    assert "属实，已退还" in row
    assert "覃举报" not in page and "13700002222" not in page
    assert other.clue_no in login(county.carl).get(f"{BASE}/feedback/").content.decode()
