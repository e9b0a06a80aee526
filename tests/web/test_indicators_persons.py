"""The §2 keys over persons handled (处理人员) and 问责, and the campaign breakdown, on a
constructed set whose figures are worked out by hand below.

Window F..T = 2018-04-01..2018-09-30 (2018 Q2 and Q3). Four clues, received before the
window and still open without a deadline, so that every clue indicator is 0 and only the
new keys move:

  P1 广福桥镇 信访举报 虚报冒领 campaign K1 危房改造和易地搬迁 (2018 Q2)
  P2 广福桥镇 大数据比对 截留挪用 campaign K2 村级财务清查 (2018 Q3)
  P3 东岳观镇 信访举报 优亲厚友 no campaign
  P4 江垭镇   上级交办 虚报冒领 campaign K1, transferred by 县民政局

Measures (clue, name, rank, kind, measure, decided_on → form):
  m1  P1 王甲 村干部 党纪 警告        04-01 (edge) → 2
  m2  P1 王甲 村干部 政务 记过        07-15        → 2   (same person as m1, next quarter)
  m3  P1 李乙 一般   第一种形态 诫勉  05-05        → 1
  m4  P1 赵丙 村干部 组织处理 免职    03-31 outside
  m5  P2 王甲 村干部 党纪 留党察看    09-30 (edge) → 3   (same name, other clue: another person)
  m6  P2 钱丁 乡科级 移送司法         08-08        → 4
  m7  P2 钱丁 乡科级 党纪 开除党籍    10-01 outside
  m8  P3 孙戊 村干部 政务 撤职        06-30        → 3
  m9  P3 孙戊 村干部 党纪 撤销党内职务 06-30       → 3   (same person, same day as m8)
  m10 P3 周己 村干部 第一种形态 谈话提醒 06-01     → 1   (a village cadre, not sanctioned)
  m11 P4 吴庚 县处级 组织处理 调离岗位 05-20       → 2
  m12 P4 吴庚 县处级 党纪 严重警告    05-20        → 2
  m13 P4 郑辛 村干部 政务 警告        no date: never counted

  in the window m1 m2 m3 m5 m6 m8 m9 m10 m11 m12:
  form_1 m3 m10 = 2; form_2 m1 m2 m11 m12 = 4; form_3 m5 m8 m9 = 3; form_4 m6 = 1
  party m1 m5 m9 m12 = 4; gov m2 m8 = 2
  village_cadres_sanctioned (P1 王甲) (P2 王甲) (P3 孙戊) = 3

问责 (no, target type, principal, township, owner, decided_on, clue):
  A1 党组织 青山村党支部   t1  owner t1     04-01 (edge) P1
  A2 领导干部 张某 principal t1 owner t1    09-30 (edge) no clue
  A3 领导干部 刘某          t2  owner t2     06-15        P3
  A4 领导干部 陈某 principal none owner county 08-01     P4, 县民政局
  A5 党组织 县民政局党组    none owner county 03-31 outside
  A6 领导干部 某 principal  t3  owner t3     10-01 outside
  units A1 = 1; leaders A2 A3 A4 = 3; principal A2 A4 = 2
"""

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest

from qingfeng.cases.measures import form_of
from qingfeng.cases.models import Accountability, Campaign, Measure
from qingfeng.cli import main
from qingfeng.clues.models import Clue
from qingfeng.reports import indicators

F, T = date(2018, 4, 1), date(2018, 9, 30)
K1, K2 = "危房改造和易地搬迁", "村级财务清查"
VILLAGE = "村(社区)干部"
ZERO_CLUE_KEYS = {k: (Decimal("0.00") if k in indicators.AMOUNT_KEYS else 0) for k in indicators.CLUE_KEYS}
EXPECTED = {
    "form_1": 2, "form_2": 4, "form_3": 3, "form_4": 1, "party_sanctions": 4, "gov_sanctions": 2,
    "village_cadres_sanctioned": 3, "accountability_units": 1, "accountability_leaders": 3,
    "principal_leaders_accountable": 2,
}
NEW_KEYS = list(EXPECTED)


def _row(form_1=0, form_2=0, form_3=0, form_4=0, party=0, gov=0, village=0, units=0, leaders=0, principal=0):
    return dict(zip(NEW_KEYS, (form_1, form_2, form_3, form_4, party, gov, village, units, leaders, principal)))


MEASURES = [
    ("P1", "王甲", VILLAGE, "党纪处分", "警告", "2018-04-01"),
    ("P1", "王甲", VILLAGE, "政务处分", "记过", "2018-07-15"),
    ("P1", "李乙", "一般干部", "第一种形态", "诫勉", "2018-05-05"),
    ("P1", "赵丙", VILLAGE, "组织处理", "免职", "2018-03-31"),
    ("P2", "王甲", VILLAGE, "党纪处分", "留党察看", "2018-09-30"),
    ("P2", "钱丁", "乡科级", "移送司法", "移送检察机关", "2018-08-08"),
    ("P2", "钱丁", "乡科级", "党纪处分", "开除党籍", "2018-10-01"),
    ("P3", "孙戊", VILLAGE, "政务处分", "撤职", "2018-06-30"),
    ("P3", "孙戊", VILLAGE, "党纪处分", "撤销党内职务", "2018-06-30"),
    ("P3", "周己", VILLAGE, "第一种形态", "谈话提醒", "2018-06-01"),
    ("P4", "吴庚", "县处级", "组织处理", "调离岗位", "2018-05-20"),
    ("P4", "吴庚", "县处级", "党纪处分", "严重警告", "2018-05-20"),
    ("P4", "郑辛", VILLAGE, "政务处分", "警告", None),
]


@pytest.fixture
def persons(world):
    k1 = Campaign.objects.create(name=K1, year=2018, quarter=2)
    k2 = Campaign.objects.create(name=K2, year=2018, quarter=3)
    clues = {}
    for no, township, source, category, campaign in (
        ("P1", world.t1, "信访举报", "虚报冒领", k1), ("P2", world.t1, "大数据比对", "截留挪用", k2),
        ("P3", world.t2, "信访举报", "优亲厚友", None), ("P4", world.t3, "上级交办", "虚报冒领", k1),
    ):
        clues[no] = Clue.objects.create(
            clue_no=no, received_on=date(2018, 1, 10), source=source, township=township, owner=township,
            category=category, state="办理中", campaign=campaign, department=world.mz if no == "P4" else None)
    for no, name, rank, kind, measure, decided in MEASURES:
        Measure.objects.create(clue=clues[no], name=name, rank=rank, kind=kind, measure=measure,
                               form=form_of(kind, measure),
                               decided_on=date.fromisoformat(decided) if decided else None)
    for no, target_type, target, principal, township, owner, decided, clue, department in (
        ("A1", "党组织", "青山村党支部", False, world.t1, world.t1, "2018-04-01", "P1", None),
        ("A2", "领导干部", "张某", True, world.t1, world.t1, "2018-09-30", None, None),
        ("A3", "领导干部", "刘某", False, world.t2, world.t2, "2018-06-15", "P3", None),
        ("A4", "领导干部", "陈某", True, None, world.county, "2018-08-01", "P4", world.mz),
        ("A5", "党组织", "县民政局党组", False, None, world.county, "2018-03-31", None, world.mz),
        ("A6", "领导干部", "某", True, world.t3, world.t3, "2018-10-01", None, None),
    ):
        Accountability.objects.create(
            no=no, target_type=target_type, target=target, principal=principal, township=township, owner=owner,
            decided_on=date.fromisoformat(decided), clue=clues.get(clue), department=department,
            responsibility="主体责任", measure="通报" if target_type == "党组织" else "诫勉")
    return world


def _everything():
    return Clue.objects.all(), Accountability.objects.all()


def _new(row: dict) -> dict:
    return {k: row[k] for k in NEW_KEYS}


def test_the_page_sections_hold_every_key_exactly_once():
    assert sorted(indicators.SECTION_KEYS) == sorted(indicators.KEYS)
    assert all(key in indicators.LABELS for key in indicators.KEYS)


def test_every_new_key_matches_the_hand_computed_figures(persons):
    clues, held = _everything()
    assert indicators.compute(clues, F, T, held) == ZERO_CLUE_KEYS | EXPECTED


def test_the_summary_totals_agree_with_compute(persons):
    clues, held = _everything()
    totals, _tables = indicators.summary(clues, F, T, accountability=held)
    assert totals == indicators.compute(clues, F, T, held)


def test_decisions_on_the_window_edges_count_and_those_outside_do_not(persons):
    clues, held = _everything()
    # Only 04-01: m1 (党纪警告 of 王甲, form 2, a village cadre) and A1 (a unit).
    assert _new(indicators.compute(clues, F, F, held)) == _row(form_2=1, party=1, village=1, units=1)
    # Only 09-30: m5 (留党察看, form 3) and A2 (a principal leader).
    assert _new(indicators.compute(clues, T, T, held)) == _row(form_3=1, party=1, village=1, leaders=1, principal=1)
    # The day before and the day after: m4 and A5 (03-31), m7 and A6 (10-01).
    assert _new(indicators.compute(clues, date(2018, 3, 31), date(2018, 3, 31), held)) == _row(form_2=1, units=1)
    assert _new(indicators.compute(clues, date(2018, 10, 1), date(2018, 10, 1), held)) == _row(
        form_3=1, party=1, leaders=1, principal=1)


def test_a_village_cadre_with_two_sanctions_counts_once(persons):
    clues, held = _everything()
    # 孙戊's 撤职 and 撤销党内职务 on one day: two person-times, one person.
    figures = indicators.compute(clues.filter(clue_no="P3"), F, T, held.none())
    assert (figures["party_sanctions"], figures["gov_sanctions"], figures["village_cadres_sanctioned"]) == (1, 1, 1)


def test_by_quarter_a_person_counts_in_each_quarter_of_a_sanction(persons):
    clues, held = _everything()
    rows = {r["key"]: _new(r) for r in indicators.breakdown(clues, F, T, "quarter", held)}
    # Q2: m1 m3 m8 m9 m10 m11 m12, A1 A3; village cadres (P1 王甲) (P3 孙戊)
    assert rows["2018年第2季度"] == _row(form_1=2, form_2=3, form_3=2, party=3, gov=1, village=2, units=1, leaders=1)
    # Q3: m2 m5 m6, A2 A4; village cadres (P1 王甲) again and (P2 王甲)
    assert rows["2018年第3季度"] == _row(form_2=1, form_3=1, form_4=1, party=1, gov=1, village=2, leaders=2,
                                        principal=2)
    assert list(rows) == ["2018年第2季度", "2018年第3季度"]
    # 2 + 2 quarters, but (P1 王甲) is one person: the total stays 3.
    assert sum(r["village_cadres_sanctioned"] for r in rows.values()) == 4 != EXPECTED["village_cadres_sanctioned"]


def test_by_campaign_clues_without_one_and_unlinked_accountability_form_the_empty_group(persons):
    clues, held = _everything()
    rows = indicators.breakdown(clues, F, T, "campaign", held)
    assert [r["key"] for r in rows] == [K1, K2, ""]
    by = {r["key"]: _new(r) for r in rows}
    # K1 = P1 and P4: m1 m2 m3 m11 m12, A1 A4
    assert by[K1] == _row(form_1=1, form_2=4, party=2, gov=1, village=1, units=1, leaders=1, principal=1)
    # K2 = P2: m5 m6
    assert by[K2] == _row(form_3=1, form_4=1, party=1, village=1)
    # "" = P3 (m8 m9 m10, A3) and A2, which has no clue
    assert by[""] == _row(form_1=1, form_3=2, party=1, gov=1, village=1, leaders=2, principal=1)


def test_by_township_measures_follow_the_clue_and_accountability_its_own_township(persons):
    clues, held = _everything()
    rows = indicators.breakdown(clues, F, T, "township", held)
    assert [r["key"] for r in rows] == ["广福桥镇", "东岳观镇", "江垭镇", "（未填写乡镇）"]
    by = {r["key"]: _new(r) for r in rows}
    # P1 P2 (m1 m2 m3 m5 m6), A1 A2; (P1 王甲) and (P2 王甲) are two persons
    assert by["广福桥镇"] == _row(form_1=1, form_2=2, form_3=1, form_4=1, party=2, gov=1, village=2, units=1,
                              leaders=1, principal=1)
    assert by["东岳观镇"] == _row(form_1=1, form_3=2, party=1, gov=1, village=1, leaders=1)  # P3, A3
    assert by["江垭镇"] == _row(form_2=2, party=1)  # P4: m11 m12 (A6 is outside the window)
    assert by["（未填写乡镇）"] == _row(leaders=1, principal=1)  # A4, a county-level decision on P4


def test_by_source_accountability_without_a_clue_has_its_own_group(persons):
    clues, held = _everything()
    rows = indicators.breakdown(clues, F, T, "source", held)
    assert [r["key"] for r in rows] == ["信访举报", "上级交办", "大数据比对", "（未关联线索）"]
    by = {r["key"]: _new(r) for r in rows}
    assert by["信访举报"] == _row(form_1=2, form_2=2, form_3=2, party=2, gov=2, village=2, units=1, leaders=1)
    assert by["上级交办"] == _row(form_2=2, party=1, leaders=1, principal=1)
    assert by["（未关联线索）"] == _row(leaders=1, principal=1)


@pytest.mark.parametrize("dimension", [d for d in indicators.DIMENSIONS if d != "quarter"])
def test_every_clue_breakdown_adds_up_including_the_distinct_persons(persons, dimension):
    clues, held = _everything()
    rows = indicators.breakdown(clues, F, T, dimension, held)
    for key in NEW_KEYS:
        assert sum(r[key] for r in rows) == EXPECTED[key], (dimension, key)


def test_without_a_scoped_queryset_only_accountability_linked_to_the_clues_counts(persons):
    figures = indicators.compute(Clue.objects.filter(clue_no__in=["P1", "P3"]), F, T)
    # A1 (P1) and A3 (P3); not A2 (no clue) nor A4 (P4)
    assert (figures["accountability_units"], figures["accountability_leaders"]) == (1, 1)


def test_report_stats_json_prints_the_new_keys(persons, capsys):
    assert main(["report", "stats", "--from", "2018-04-01", "--to", "2018-09-30", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert {k: figures[k] for k in NEW_KEYS} == EXPECTED
    assert figures["recovered"] == 0.0 and len(figures) == len(indicators.KEYS)


def test_report_stats_by_campaign_has_the_empty_key(persons, capsys):
    assert main(["report", "stats", "--from", "2018-04-01", "--to", "2018-09-30", "--json", "--by", "campaign"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in rows] == [K1, K2, ""]
    assert rows[2]["accountability_leaders"] == 2 and rows[0]["form_2"] == 4


URL = "/staff/reports/stats/?from=2018-04-01&to=2018-09-30"


def _totals(html: str) -> dict:
    return {k: int(v) for k, v in re.findall(r'<tr data-key="(\w+)"><td>[^<]*</td><td>(\d+)</td></tr>', html)}


def test_a_township_officer_counts_only_their_townships_measures_and_accountability(persons, login):
    alice = _totals(login(persons.alice).get(URL).content.decode())
    # P1 P2 and A1 A2 (owner 广福桥镇); not A4 (owned by the county, though about a clue)
    assert {k: alice[k] for k in NEW_KEYS} == _row(form_1=1, form_2=2, form_3=1, form_4=1, party=2, gov=1,
                                                   village=2, units=1, leaders=1, principal=1)
    bob = _totals(login(persons.bob).get(URL).content.decode())
    assert {k: bob[k] for k in NEW_KEYS} == _row(form_1=1, form_3=2, party=1, gov=1, village=1, leaders=1)


def test_a_department_liaison_counts_their_departments_measures_and_accountability(persons, login):
    gina = _totals(login(persons.gina).get(URL).content.decode())
    # P4 (m11 m12) and A4; A5 is 县民政局's too but outside the window
    assert {k: gina[k] for k in NEW_KEYS} == _row(form_2=2, party=1, leaders=1, principal=1)


def test_the_page_shows_the_new_keys_in_sections_with_the_campaign_breakdown(persons, login):
    html = login(persons.frank).get(URL).content.decode()
    assert {k: _totals(html)[k] for k in NEW_KEYS} == EXPECTED
    for text in ("<h3>线索</h3>", "<h3>案件</h3>", "<h3>四种形态</h3>", "<h3>问责</h3>", "第三种形态（人次）",
                 "其中主要负责人（人次）", "按专项治理主题", K1, "（未纳入专项治理）"):
        assert text in html, text


def test_the_excel_download_holds_the_new_keys_and_the_campaign_sheet(persons, login):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(login(persons.frank).get(URL + "&format=xlsx").content))
    figures = {row[1]: row[2] for row in book["汇总"].iter_rows(min_row=3, values_only=True) if row[1]}
    assert {k: figures[k] for k in NEW_KEYS} == EXPECTED
    sheet = list(book["按专项治理主题"].iter_rows(values_only=True))
    assert [r[0] for r in sheet[1:]] == [K1, K2, "（未纳入专项治理）"]
    column = sheet[0].index("问责领导干部（人次）")
    assert [r[column] for r in sheet[1:]] == [1, 0, 2]
