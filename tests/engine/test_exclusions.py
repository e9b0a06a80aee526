"""engine.exclusions: which hits an exception (核查 不属实) leaves out, and until when."""

from datetime import date

import pytest

from qingfeng.engine.exclusions import Exclusion, normalised, split
from qingfeng.engine.hits import Hit

DAY = date(2024, 6, 30)


def hit(rule, key, **fields):
    values = {"id_number": None, "household_id": None, "name": None, "payment_id": None, "account": None}
    values.update(fields)
    return Hit(rule=rule, score=1.0, evidence={}, key=key, **values)


HITS = [
    hit("R04", "R04:A", id_number="430821199001011234", household_id="H01"),
    hit("R04", "R04:B", id_number="43082119900202123X", household_id="H02"),
    hit("R05", "R05:A", id_number="430821199001011234"),
    hit("R10", "R10:ACC", account="6217000012345678"),
]


def test_no_exceptions_keeps_every_hit():
    kept, excluded = split(HITS, None, DAY)
    assert kept == HITS and excluded == []


def test_exception_leaves_out_only_its_rule_and_subject():
    rule = Exclusion("R04", "id_number", "430821199001011234", DAY, ref=7)
    kept, excluded = split(HITS, [rule], DAY)
    assert [h.key for h in kept] == ["R04:B", "R05:A", "R10:ACC"]  # R05 on the same person stays
    assert [(h.key, e.ref) for h, e in excluded] == [("R04:A", 7)]


def test_values_compare_normalised():
    lower_x = Exclusion("r04", "id_number", " 43082119900202123x ", DAY)
    spaced = Exclusion("R10", "account", "6217 0000 1234 5678", DAY)
    kept, excluded = split(HITS, [lower_x, spaced], DAY)
    assert sorted(h.key for h, _e in excluded) == ["R04:B", "R10:ACC"]
    assert len(kept) == 2


def test_until_is_inclusive_and_then_expires():
    rule = Exclusion("R04", "household_id", "H01", DAY)
    assert len(split(HITS, [rule], DAY)[1]) == 1
    assert split(HITS, [rule], date(2024, 7, 1))[1] == []


def test_other_subject_kind_does_not_match():
    # The value is H01's ID number, but the exception is about an account.
    rule = Exclusion("R04", "account", "430821199001011234", DAY)
    assert split(HITS, [rule], DAY)[1] == []


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        normalised("colour", "红")


def vehicle_hit(*plates):
    records = [{"registry": "roll", "row": 2}] + [{"registry": "vehicles", "row": i + 2, "plate": p}
                                                  for i, p in enumerate(plates)]
    return Hit(rule="R01", score=1.0, evidence={"records": records}, key="R01:P", id_number="430821199001011234",
               household_id=None, name=None, payment_id=None, account=None)


def test_a_vehicle_exception_leaves_out_a_hit_only_when_every_vehicle_of_it_is_excepted():
    sold = Exclusion("R01", "plate", "湘G 12345", DAY)  # spaces as typed: compared as the importer cleans codes
    kept, excluded = split([vehicle_hit("湘G12345")], [sold], DAY)
    assert kept == [] and excluded[0][1] is sold
    kept, excluded = split([vehicle_hit("湘G12345", "湘G67890")], [sold], DAY)
    assert len(kept) == 1 and excluded == []  # a second vehicle still makes the hit
    kept, _ = split([vehicle_hit("湘G12345")], [Exclusion("R02", "plate", "湘G12345", DAY)], DAY)
    assert len(kept) == 1  # for its own rule only
