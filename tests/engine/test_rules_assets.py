"""R01, R02, R04, R05: a roll member's assets or jobs overlapping enrolment."""

import pytest
from tests.engine.crosscheck_helpers import d, keys, make_id, run_rule

pytestmark = pytest.mark.usefixtures("rule_backend")  # each case on DuckDB and on Spark

A = make_id("19600101", "001")


def member(**extra):
    return {"household_id": "H1", "name": "张三", "id_number": A, "enrolled_on": d("2018-01-01"), **extra}


def vehicle(vehicle_type="小型轿车", registered="2019-01-01", deregistered=None, owner=A):
    return {"plate": "湘H12345", "vehicle_type": vehicle_type, "owner_id_number": owner,
            "registered_on": d(registered), "deregistered_on": d(deregistered) if deregistered else None}


@pytest.mark.parametrize("case, roll, vehicles, fires", [
    ("car during enrolment", member(), vehicle(), True),
    ("motorbike is exempt", member(), vehicle("普通二轮摩托车"), False),
    ("tricycle is exempt", member(), vehicle("正三轮载货摩托车"), False),
    ("low-speed truck is exempt", member(), vehicle("低速货车"), False),
    ("tractor is exempt", member(), vehicle("手扶拖拉机"), False),
    ("farm vehicle is exempt", member(), vehicle("农用运输车"), False),
    ("empty type is not exempt", member(), vehicle(None), True),
    ("sold before enrolment", member(), vehicle(registered="2010-01-01", deregistered="2017-12-31"), False),
    ("deregistered on enrolment day: half-open, no overlap",
     member(), vehicle(registered="2010-01-01", deregistered="2018-01-01"), False),
    ("deregistered the day after enrolment", member(), vehicle(registered="2010-01-01", deregistered="2018-01-02"), True),
    ("bought on the removal day: no overlap", member(removed_on=d("2020-01-01")), vehicle(registered="2020-01-01"), False),
    ("bought the day before removal", member(removed_on=d("2020-01-01")), vehicle(registered="2019-12-31"), True),
    ("another person's car", member(), vehicle(owner=make_id("19600101", "002")), False),
    ("invalid roll ID never matches", member(id_number=None, id_number_raw="123"), vehicle(owner=None), False),
])
def test_r01_vehicle(case, roll, vehicles, fires):
    hits = run_rule("R01", roll=[roll], vehicles=[vehicles])
    assert keys(hits) == ({A} if fires else set()), case


def test_r01_one_hit_per_person_with_every_vehicle_in_evidence():
    hits = run_rule("R01", roll=[member()], vehicles=[vehicle(), {**vehicle(), "plate": "湘H99999"}])
    assert len(hits) == 1
    plates = {r["plate"] for r in hits[0].evidence["records"] if r["registry"] == "vehicles"}
    assert plates == {"湘H12345", "湘H99999"}
    assert hits[0].household_id == "H1" and hits[0].name == "张三" and hits[0].score == 1


def test_r01_exempt_list_is_a_parameter():
    hits = run_rule("R01", params={"exempt_type_keywords": ["摩托", "轿车"]}, roll=[member()],
                    vehicles=[vehicle("小型轿车"), {**vehicle("普通二轮摩托车"), "plate": "x"}])
    assert hits == []


def prop(usage, registered="2019-01-01", deregistered=None):
    return {"cert_no": "湘(2019)001", "owner_id_number": A, "usage": usage, "registered_on": d(registered),
            "deregistered_on": d(deregistered) if deregistered else None}


@pytest.mark.parametrize("usage, registered, deregistered, fires", [
    ("商品房", "2019-01-01", None, True),
    ("住宅/商品房", "2019-01-01", None, True),
    ("安置房", "2019-01-01", None, False),
    ("自建房", "2019-01-01", None, False),
    ("商品房", "2015-01-01", "2018-01-01", False),
    ("商品房", "2015-01-01", "2018-01-02", True),
])
def test_r02_commercial_housing(usage, registered, deregistered, fires):
    hits = run_rule("R02", roll=[member()], properties=[prop(usage, registered, deregistered)])
    assert keys(hits) == ({A} if fires else set())


@pytest.mark.parametrize("started, ended, removed, fires", [
    ("2019-05-01", None, None, True),
    ("2010-05-01", "2018-01-01", None, False),  # left on the enrolment day
    ("2010-05-01", "2018-01-02", None, True),
    ("2021-01-01", None, "2021-01-01", False),  # hired on the removal day
    ("2020-12-31", None, "2021-01-01", True),
])
def test_r04_public_employee(started, ended, removed, fires):
    employee = {"name": "张三", "id_number": A, "employer": "某镇政府", "started_on": d(started),
                "ended_on": d(ended) if ended else None}
    roll = member(removed_on=d(removed) if removed else None)
    assert keys(run_rule("R04", roll=[roll], employees=[employee])) == ({A} if fires else set())


def business(entity_type="有限责任公司", role="法定代表人", founded="2019-01-01", dissolved=None):
    return {"company": "某某有限公司", "entity_type": entity_type, "person_id_number": A, "role": role,
            "founded_on": d(founded), "dissolved_on": d(dissolved) if dissolved else None}


@pytest.mark.parametrize("case, row, fires", [
    ("legal representative of a company", business(), True),
    ("shareholder of a company", business(role="股东"), True),
    ("supervisor only", business(role="监事"), False),
    ("individual business is exempt", business(entity_type="个体工商户"), False),
    ("farmers' cooperative is exempt", business(entity_type="农民专业合作社"), False),
    ("dissolved on the enrolment day", business(founded="2010-01-01", dissolved="2018-01-01"), False),
    ("dissolved the day after enrolment", business(founded="2010-01-01", dissolved="2018-01-02"), True),
])
def test_r05_business(case, row, fires):
    assert keys(run_rule("R05", roll=[member()], businesses=[row])) == ({A} if fires else set()), case


def test_r05_exempt_entity_types_are_a_parameter():
    hits = run_rule("R05", params={"exempt_entity_types": ["个体工商户"]}, roll=[member()],
                    businesses=[business(entity_type="农民专业合作社")])
    assert keys(hits) == {A}
