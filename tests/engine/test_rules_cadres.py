"""R06: a village cadre or a cadre's relative on the roll (优亲厚友)."""

import pytest

from tests.engine.crosscheck_helpers import d, keys, make_id, run_rule

pytestmark = pytest.mark.usefixtures("rule_backend")  # each case on DuckDB and on Spark

CADRE = make_id("19650101", "011")
SON = make_id("19900303", "013")
VILLAGE = "430821100001"


def cadre_row(name="王书记", id_number=CADRE, relation="本人", position="村支书", birth=None, village=VILLAGE,
              term_from="2018-01-01", term_to="2020-12-31"):
    return {"name": name, "id_number": id_number, "birth_date": d(birth) if birth else None, "village_code": village,
            "position": position, "cadre_id_number": CADRE, "relation": relation,
            "term_from": d(term_from), "term_to": d(term_to) if term_to else None}


def member(name="王小明", id_number=SON, enrolled="2019-05-01", village=VILLAGE):
    return {"household_id": "H7", "name": name, "id_number": id_number, "village_code": village,
            "enrolled_on": d(enrolled)}


@pytest.mark.parametrize("case, cadres, roll, fires", [
    ("relative by ID enrolled during the term", [cadre_row("王小明", SON, "子女", None)], member(), True),
    ("cadre himself", [cadre_row()], member("王书记", CADRE), True),
    ("enrolled before the term", [cadre_row("王小明", SON, "子女", None)], member(enrolled="2017-12-31"), False),
    ("enrolled on the first day of the term", [cadre_row("王小明", SON, "子女", None)],
     member(enrolled="2018-01-01"), True),
    ("enrolled on the last day of the term (inclusive)", [cadre_row("王小明", SON, "子女", None)],
     member(enrolled="2020-12-31"), True),
    ("enrolled the day after the term", [cadre_row("王小明", SON, "子女", None)], member(enrolled="2021-01-01"), False),
    ("open-ended term", [cadre_row("王小明", SON, "子女", None, term_to=None)], member(enrolled="2024-01-01"), True),
    ("relative in another village", [cadre_row("王小明", SON, "子女", None)],
     member(village="430821100002"), False),
    ("relative without ID, same name and birth", [cadre_row("王小明", None, "子女", None, birth="1990-03-03")],
     member(), True),
    ("relative without ID, homophone", [cadre_row("王晓明", None, "子女", None, birth="1990-03-03")], member(), True),
    ("namesake born another day", [cadre_row("王小明", None, "子女", None, birth="1990-03-04")], member(), False),
    ("namesake in another village",
     [cadre_row("王小明", None, "子女", None, birth="1990-03-03", village="430821100002")],
     member(village="430821100002") | {"village_code": VILLAGE}, False),
])
def test_r06(case, cadres, roll, fires):
    hits = run_rule("R06", cadres=cadres, roll=[roll])
    assert keys(hits) == ({roll["id_number"]} if fires else set()), case


def test_r06_fuzzy_hit_carries_score_and_evidence():
    (hit,) = run_rule("R06", cadres=[cadre_row("王晓明", None, "子女", None, birth="1990-03-03")], roll=[member()])
    assert hit.score == pytest.approx(0.8)
    (cadre,) = [r for r in hit.evidence["records"] if r["registry"] == "cadres"]
    assert cadre["match"] == "homophone" and cadre["chars"] == "晓/小" and "xiao" in cadre["pinyin"]
    assert cadre["cadre_id_number"] == CADRE and cadre["relation"] == "子女"


def test_r06_scores_are_parameters():
    (hit,) = run_rule("R06", params={"score_same_name": 0.7},
                      cadres=[cadre_row("王小明", None, "子女", None, birth="1990-03-03")], roll=[member()])
    assert hit.score == pytest.approx(0.7)
