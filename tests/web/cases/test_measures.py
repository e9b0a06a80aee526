"""The 四种形态 form of every measure, and the period each sanction stays in effect (ledger.md §4)."""

from datetime import date
from decimal import Decimal

import pytest

from qingfeng.cases import measures as m
from qingfeng.cases.counts import counts_from

# Every measure of the contract with its form, written out from ledger.md §4.
FORMS = {
    ("第一种形态", "谈话提醒"): 1, ("第一种形态", "批评教育"): 1, ("第一种形态", "责令检查"): 1,
    ("第一种形态", "诫勉"): 1, ("第一种形态", "函询了结"): 1,
    ("党纪处分", "警告"): 2, ("党纪处分", "严重警告"): 2, ("政务处分", "警告"): 2, ("政务处分", "记过"): 2,
    ("政务处分", "记大过"): 2,
    ("组织处理", "调离岗位"): 2, ("组织处理", "停职检查"): 2, ("组织处理", "责令辞职"): 2, ("组织处理", "免职"): 2,
    ("组织处理", "降职"): 2,
    ("党纪处分", "撤销党内职务"): 3, ("党纪处分", "留党察看"): 3, ("党纪处分", "开除党籍"): 3,
    ("政务处分", "降级"): 3, ("政务处分", "撤职"): 3, ("政务处分", "开除"): 3,
    ("移送司法", "移送检察机关"): 4,
}


@pytest.mark.parametrize(("kind", "measure"), sorted(FORMS))
def test_each_measure_has_the_form_the_contract_gives_it(kind, measure):
    assert m.form_of(kind, measure) == FORMS[(kind, measure)]


def test_the_measure_lists_are_exactly_the_contracts():
    assert {(kind, measure) for kind, names in m.MEASURES.items() for measure in names} == set(FORMS)


def test_a_measure_of_another_kind_is_not_a_measure():
    assert not m.is_measure("政务处分", "严重警告")
    assert not m.is_measure("组织处理", "警告")
    with pytest.raises(KeyError):
        m.form_of("党纪处分", "记过")


PERIODS = [
    ("党纪处分", "警告", None, date(2019, 3, 15)),
    ("党纪处分", "严重警告", None, date(2019, 9, 15)),
    ("党纪处分", "撤销党内职务", None, date(2020, 3, 15)),
    ("党纪处分", "留党察看", 12, date(2019, 3, 15)),
    ("党纪处分", "留党察看", 24, date(2020, 3, 15)),
    ("党纪处分", "开除党籍", None, date(2023, 3, 15)),
    ("政务处分", "警告", None, date(2018, 9, 15)),
    ("政务处分", "记过", None, date(2019, 3, 15)),
    ("政务处分", "记大过", None, date(2019, 9, 15)),
    ("政务处分", "降级", None, date(2020, 3, 15)),
    ("政务处分", "撤职", None, date(2020, 3, 15)),
]


@pytest.mark.parametrize(("kind", "measure", "probation", "ends"), PERIODS)
def test_a_sanction_decided_on_15_march_2018_ends_after_its_period(kind, measure, probation, ends):
    assert m.effect_ends(date(2018, 3, 15), kind, measure, probation) == ends


@pytest.mark.parametrize(("kind", "measure"), [("政务处分", "开除"), ("组织处理", "免职"),
                                               ("第一种形态", "诫勉"), ("移送司法", "移送检察机关")])
def test_measures_without_a_period_have_no_end_date(kind, measure):
    assert m.effect_ends(date(2018, 3, 15), kind, measure) is None


def test_a_period_from_the_31st_ends_on_the_last_day_of_a_shorter_month():
    assert m.effect_ends(date(2018, 8, 31), "政务处分", "警告") == date(2019, 2, 28)
    assert m.effect_ends(date(2019, 8, 31), "政务处分", "警告") == date(2020, 2, 29)


def test_a_person_with_a_party_and_a_government_sanction_counts_once_as_sanctioned():
    counts = counts_from([("张三", "党纪处分", 0, 0), ("张三", "政务处分", Decimal("100.50"), 0),
                          ("李四", "政务处分", 0, Decimal("20"))])
    assert counts == {"persons_sanctioned": 2, "org_handled": 0, "first_form": 0, "judicial": 0,
                      "recovered": Decimal("100.50"), "returned": Decimal("20.00")}


def test_the_same_person_sanctioned_and_handled_counts_once_in_each():
    counts = counts_from([("张三", "党纪处分", 0, 0), ("张三", "组织处理", 0, 0), ("张三", "组织处理", 0, 0),
                          ("王五", "第一种形态", 0, 0), ("王五", "移送司法", 0, 0)])
    assert (counts["persons_sanctioned"], counts["org_handled"], counts["first_form"], counts["judicial"]) == (1, 1, 1, 1)
