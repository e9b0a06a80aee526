"""The staff statistics page: figures scoped through the gatekeeper, breakdowns, Excel copy."""

import io
import re

import pytest

from .ledger_support import build_indicator_ledger

URL = "/staff/reports/stats/?from=2018-04-01&to=2018-12-31"


@pytest.fixture
def ledger(world):
    build_indicator_ledger(world)
    return world


def _totals(html: str) -> dict:
    return dict(re.findall(r'<tr data-key="(\w+)"><td>[^<]*</td><td>([^<]*)</td></tr>', html))


def test_township_officer_figures_cover_only_own_township(ledger, login):
    html = login(ledger.alice).get(URL).content.decode()
    totals = _totals(html)
    # 广福桥镇's clues (see test_indicators.test_breakdown_by_township)
    assert totals["clues_received"] == "5" and totals["overdue_open"] == "4"
    assert totals["recovered"] == "13546.17" and totals["persons_sanctioned"] == "5"
    assert "东岳观镇" not in html and "江垭镇" not in html


def test_other_township_officer_sees_other_figures(ledger, login):
    totals = _totals(login(ledger.bob).get(URL).content.decode())
    assert totals["clues_received"] == "4" and totals["petitions_closed"] == "2"


def test_area_leader_sees_the_townships_of_the_area(ledger, login):
    totals = _totals(login(ledger.carol).get(URL).content.decode())
    # 广福桥镇 5 + 东岳观镇 4 received; overdue 4 + 3
    assert totals["clues_received"] == "9" and totals["overdue_open"] == "7"


def test_leadership_sees_the_whole_county_with_breakdowns(ledger, login):
    html = login(ledger.frank).get(URL).content.decode()
    totals = _totals(html)
    assert totals["clues_received"] == "15" and totals["returned"] == "2950.26"
    for title in ("按季度", "按乡镇", "按线索来源", "按问题类别", "2018年第2季度", "江垭镇", "大数据比对", "（未分类）"):
        assert title in html


def test_village_committee_member_may_not_see_clue_statistics(ledger, login):
    assert login(ledger.hank).get(URL).status_code == 403


def test_department_liaison_figures_cover_only_their_transfers(ledger, login):
    from qingfeng.clues.models import Clue

    Clue.objects.filter(clue_no__in=["C12", "C07"]).update(department=ledger.mz)
    totals = _totals(login(ledger.gina).get(URL).content.decode())
    # C12 (部门移送, received 10-10, overdue) and C07 (received 06-15, filed 07-01, closed 11-30: 3 sanctioned)
    assert totals["clues_received"] == "2" and totals["overdue_open"] == "1"
    assert totals["persons_sanctioned"] == "3" and totals["recovered"] == "12345.67"


def test_anonymous_visitor_is_sent_to_login(ledger, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_bad_date_is_reported_not_a_crash(ledger, login):
    response = login(ledger.frank).get("/staff/reports/stats/?from=2018-13-45&to=2018-12-31")
    assert response.status_code == 200 and "无法识别的日期" in response.content.decode()


def test_excel_download_holds_the_scoped_figures(ledger, login):
    from openpyxl import load_workbook

    response = login(ledger.alice).get(URL + "&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "按季度", "按乡镇", "按线索来源", "按问题类别", "按专项治理主题"]
    figures = {row[1]: row[2] for row in book["汇总"].iter_rows(min_row=3, values_only=True)}
    assert figures["clues_received"] == 5 and figures["recovered"] == 13546.17
    assert [r[0] for r in book["按乡镇"].iter_rows(min_row=2, values_only=True)] == ["广福桥镇"]
