"""Leadership's view of 问责 by township and by county department (counts per measure, principal
leaders), the list's filters, and a township officer's view of their own township."""

import re
from datetime import date

import pytest

from qingfeng.cases.accountability.actions import do_create_accountability

LIST = "/staff/accountability/"


def _decide(world, target_type, measure, *, township=None, department=None, principal=False, on=date(2018, 11, 5),
            target="某"):
    return do_create_accountability(acting_user=world.frank, decided_on=on, target_type=target_type, target=target,
                                    township=township, department=department, principal=principal,
                                    responsibility="主体责任", measure=measure)


@pytest.fixture
def decisions(world):
    """T1: 党组织 通报 ×2, 检查; 领导干部 诫勉 (principal), 通报. T2: 领导干部 纪律处分 (principal), 2019.
    县民政局: 党组织 改组; 领导干部 组织调整或者组织处理 (principal). 县财政局: 领导干部 诫勉."""
    org, leader = "党组织", "领导干部"
    _decide(world, org, "通报", township=world.t1, target="青山村党支部")
    _decide(world, org, "通报", township=world.t1, target="枫林村党支部")
    _decide(world, org, "检查", township=world.t1)
    _decide(world, leader, "诫勉", township=world.t1, principal=True, target="李书记")
    _decide(world, leader, "通报", township=world.t1)
    _decide(world, leader, "纪律处分", township=world.t2, principal=True, on=date(2019, 2, 1), target="王书记")
    _decide(world, org, "改组", department=world.mz)
    _decide(world, leader, "组织调整或者组织处理", department=world.mz, principal=True)
    _decide(world, leader, "诫勉", department=world.cz)


def _table(html: str, table_id: str) -> dict[str, list[str]]:
    block = re.search(rf'<table id="{table_id}".*?</table>', html, re.S).group(0)
    body = block.split("<tbody>")[1]
    return {name: re.findall(r"<td[^>]*>(\d+)</td>", cells)
            for name, cells in re.findall(r"<tr[^>]*><th>([^<]+)</th>(.*?)</tr>", body, re.S)}


# Columns: 党组织 检查 通报 改组 小计 | 领导干部 通报 诫勉 组织调整或者组织处理 纪律处分 小计 | 主要负责人 | 合计
def test_leadership_sees_counts_per_measure_by_township_and_by_department(world, login, decisions):
    html = login(world.frank).get(LIST).content.decode()

    assert _table(html, "by-township") == {
        "广福桥镇": ["1", "2", "0", "3", "1", "1", "0", "0", "2", "1", "5"],
        "东岳观镇": ["0", "0", "0", "0", "0", "0", "0", "1", "1", "1", "1"],
        "合计": ["1", "2", "0", "3", "1", "1", "0", "1", "3", "2", "6"],
    }
    assert _table(html, "by-department") == {
        "县民政局": ["0", "0", "1", "1", "0", "0", "1", "0", "1", "1", "2"],
        "县财政局": ["0", "0", "0", "0", "0", "1", "0", "0", "1", "0", "1"],
        "合计": ["0", "0", "1", "1", "0", "1", "1", "0", "2", "1", "3"],
    }
    assert "共 9 条" in html


def test_the_tables_follow_the_lists_filters(world, login, decisions):
    client = login(world.frank)
    html = client.get(LIST + "?from=2019-01-01").content.decode()
    assert _table(html, "by-township") == {"东岳观镇": ["0", "0", "0", "0", "0", "0", "0", "1", "1", "1", "1"],
                                           "合计": ["0", "0", "0", "0", "0", "0", "0", "1", "1", "1", "1"]}
    assert 'id="by-department"' not in html and "共 1 条" in html

    principals = client.get(LIST + "?principal=1").content.decode()
    assert "共 3 条" in principals and "李书记" in principals and "王书记" in principals
    assert "共 2 条" in client.get(LIST + "?target_type=党组织&measure=通报").content.decode()
    assert "共 2 条" in client.get(LIST + f"?department={world.mz.code}").content.decode()
    assert "共 1 条" in client.get(LIST + "?q=青山村").content.decode()


def test_a_township_officer_sees_only_their_townships_decisions(world, login, decisions):
    html = login(world.alice).get(LIST).content.decode()

    assert set(_table(html, "by-township")) == {"广福桥镇", "合计"}
    assert 'id="by-department"' not in html and "王书记" not in html and "县民政局" not in html
    assert "共 5 条" in html and "录入问责" not in html


def test_an_area_leader_sees_their_areas_townships(world, login, decisions):
    html = login(world.carol).get(LIST).content.decode()
    assert set(_table(html, "by-township")) == {"广福桥镇", "东岳观镇", "合计"} and "共 6 条" in html
    assert "共 0 条" in login(world.ivan).get(LIST).content.decode()


@pytest.mark.parametrize("who", ["erin", "gina", "hank"])
def test_roles_outside_accountability_may_not_see_it(world, login, who):
    assert login(getattr(world, who)).get(LIST).status_code == 403


def _cards(html: str) -> list[str]:
    return re.findall(r'<a class="card" href="[^"]+"><h3>([^<]+)</h3>', html)


def test_the_staff_home_offers_campaigns_and_accountability_to_those_who_may_open_them(world, login):
    assert {"专项治理", "追责问责"} <= set(_cards(login(world.frank).get("/staff/").content.decode()))
    alice = _cards(login(world.alice).get("/staff/").content.decode())
    assert "专项治理" in alice and "追责问责" in alice
    gina = _cards(login(world.gina).get("/staff/").content.decode())
    assert "专项治理" in gina and "追责问责" not in gina
    hank = _cards(login(world.hank).get("/staff/").content.decode())
    assert "专项治理" not in hank and "追责问责" not in hank
