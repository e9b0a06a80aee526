"""A campaign's results page: the seed's quarterly paragraph as a table (within the quarter and
all-time) and a sentence, on a constructed set of clues whose figures are worked out by hand."""

import re
from datetime import date

import pytest

from .campaign_support import campaign, clue


@pytest.fixture
def ledger(world):
    """Campaign 2024 Q1. Clues (township, received, filed, closed, outcome):
    A T1 01-10 filed 02-01 closed 03-20: 2 sanctioned, 1 org, 1 judicial, 50000.00 recovered, 12000.50 returned
    B T1 02-15 —           closed 04-10: 3 org, 2 first form, 3000 recovered
    C T1 03-30 filed 04-02 open
    D T3 01-05 filed 01-20 closed 02-28: 1 sanctioned, 20000 recovered
    F T2 2023-12-20        closed 01-15: 1 first form, 100 recovered
    E T1 01-08 filed 01-09 closed 01-30: 5 sanctioned, 9999 recovered — not in the campaign
    Persons handled on C (open, so none of the closed-clue sums): 王某 党纪 警告 decided 03-25 (第二种,
    in Q1) and 政务 降级 decided 04-05 (第三种, after Q1); on E (not in the campaign) 党纪 警告 03-01.
    """
    theme = campaign(world, scope="危房改造、易地搬迁", rules=["R03"], categories=["虚报冒领"])
    d = date
    clue(world, world.t1, d(2024, 1, 10), campaign=theme, filed_on=d(2024, 2, 1), closed_on=d(2024, 3, 20),
         persons_sanctioned=2, org_handled=1, judicial=1, recovered="50000.00", returned="12000.50")
    clue(world, world.t1, d(2024, 2, 15), campaign=theme, closed_on=d(2024, 4, 10), org_handled=3, first_form=2,
         recovered="3000")
    c = clue(world, world.t1, d(2024, 3, 30), campaign=theme, filed_on=d(2024, 4, 2))
    _measure(c, "党纪处分", "警告", d(2024, 3, 25))
    _measure(c, "政务处分", "降级", d(2024, 4, 5))
    clue(world, world.t3, d(2024, 1, 5), campaign=theme, filed_on=d(2024, 1, 20), closed_on=d(2024, 2, 28),
         persons_sanctioned=1, recovered="20000")
    clue(world, world.t2, d(2023, 12, 20), campaign=theme, closed_on=d(2024, 1, 15), first_form=1, recovered="100")
    e = clue(world, world.t1, d(2024, 1, 8), filed_on=d(2024, 1, 9), closed_on=d(2024, 1, 30), persons_sanctioned=5,
             recovered="9999")
    _measure(e, "党纪处分", "警告", d(2024, 3, 1))
    return theme


def _measure(clue, kind, measure, decided_on):
    from qingfeng.cases.measures import form_of
    from qingfeng.cases.models import Measure

    Measure.objects.create(clue=clue, name="王某", kind=kind, measure=measure, decided_on=decided_on,
                           form=form_of(kind, measure))


# Person-level rows, the same for leadership and the 片区 leader (C is in T1).
PERSONS = {"party_sanctions": ("1", "1"), "gov_sanctions": ("0", "1"), "form_1": ("0", "0"),
           "form_2": ("1", "1"), "form_3": ("0", "1"), "form_4": ("0", "0")}


def _table(html: str) -> dict:
    rows = re.findall(r'<tr data-key="(\w+)"><td>[^<]*</td>(?:<td class="in-quarter">([^<]*)</td>)?'
                      r'<td class="all-time">([^<]*)</td></tr>', html)
    return {key: (quarter, total) for key, quarter, total in rows}


def test_leadership_sees_the_campaigns_figures_in_its_quarter_and_all_time(world, login, ledger):
    html = login(world.frank).get(f"/staff/campaigns/{ledger.id}/").content.decode()

    assert _table(html) == {
        # in Q1: received A B C D; filed A D; closed A D F
        "clues_received": ("4", "5"), "cases_filed": ("2", "3"),
        "persons_sanctioned": ("3", "3"), "org_handled": ("1", "4"), "first_form": ("1", "3"),
        "judicial": ("1", "1"), "recovered": ("70100.00", "73100.00"), "returned": ("12000.50", "12000.50"),
    } | PERSONS
    assert ("共受理问题线索 5 件，立案 3 件，给予党纪政务处分 3 人，组织处理 4 人，移送司法 1 人，"
            "追缴 7.31 万元，退还群众 1.20 万元。") in html
    assert "2024年第1季度（2024-01-01 至 2024-03-31）" in html
    assert f'<a id="campaign-clues" href="/staff/clues/?campaign={ledger.id}">5 件</a>' in html


def test_an_area_leader_sees_only_the_figures_of_their_area(world, login, ledger):
    html = login(world.carol).get(f"/staff/campaigns/{ledger.id}/").content.decode()

    assert _table(html) == {  # without D (江垭镇, 第二片区)
        "clues_received": ("3", "4"), "cases_filed": ("1", "2"),
        "persons_sanctioned": ("2", "2"), "org_handled": ("1", "4"), "first_form": ("1", "3"),
        "judicial": ("1", "1"), "recovered": ("50100.00", "53100.00"), "returned": ("12000.50", "12000.50"),
    } | PERSONS
    assert "4 件</a>" in html


def test_the_campaign_list_gives_each_campaigns_headline_figures(world, login, ledger):
    campaign(world, name="村级财务清查", quarter=3)
    html = login(world.frank).get("/staff/campaigns/").content.decode()

    row = re.search(rf'<tr data-campaign="{ledger.id}">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row)[1:] == ["5", "3", "3", "4", "73100.00"]
    assert "2024年第1季度" in row
    empty = re.search(r'<tr data-campaign="\d+"><td><a [^>]*>村级财务清查</a>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", empty)[1:] == ["0", "0", "0", "0", "0.00"]


def test_a_campaign_without_a_quarter_shows_only_all_time_figures(world, login):
    theme = campaign(world, name="台账导入的主题", year=None, quarter=None)
    clue(world, world.t1, date(2024, 5, 1), campaign=theme, closed_on=date(2024, 6, 1), persons_sanctioned=1)
    html = login(world.frank).get(f"/staff/campaigns/{theme.id}/").content.decode()

    assert _table(html)["persons_sanctioned"] == ("", "1") and 'class="in-quarter"' not in html
    assert "未定" in html


def test_a_campaign_that_does_not_exist_is_not_found_and_villagers_may_not_look(world, login, ledger):
    assert login(world.frank).get("/staff/campaigns/999999/").status_code == 404
    assert login(world.hank).get(f"/staff/campaigns/{ledger.id}/").status_code == 403
