"""OWASP's CSV-injection rule: text a spreadsheet would run is quoted, numbers stay numbers."""

import csv

import pytest

from qingfeng.engine.cellsafe import neutralise, neutralise_row, restore
from qingfeng.engine.hits import Hit, write_csv

PAYLOADS = ["=HYPERLINK(\"http://x\",\"点此\")", "+1+1", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1", "\r=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_formula_trigger_gets_a_leading_quote(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("text", ["王某", "", "a=b", " =1", "'abc", "13800000000", "2018-03-05"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text


def test_real_numbers_stay_numbers_even_when_negative():
    assert neutralise_row([-5, -0.5, 0, None, True]) == [-5, -0.5, 0, None, True]


def test_negative_numbers_written_as_text_are_quoted():
    assert neutralise("-5") == "'-5"


@pytest.mark.parametrize("text", PAYLOADS + ["王某", "'=x", "''=x", "'abc", "''", "'", "'+", ""])
def test_restore_gives_back_exactly_what_neutralise_was_given(text):
    assert restore(neutralise(text)) == text


def test_a_quote_typed_by_hand_before_a_formula_means_text():
    assert restore("'=SUM(A1)") == "=SUM(A1)"


def test_the_hits_csv_quotes_formula_text_and_keeps_the_score_a_number(tmp_path):
    hit = Hit(rule="R03", id_number="430821199001010011", household_id="=HYPERLINK(\"http://x\")",
              name="@SUM(1)*cmd|' /C calc'!A0", payment_id="-1+1", account="+86", score=0.5,
              evidence={"note": "=1+1"}, key="R03:x")
    out = tmp_path / "hits.csv"
    assert write_csv([hit], out) == 1
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    row = dict(zip(rows[0], rows[1]))
    assert row["household_id"] == "'=HYPERLINK(\"http://x\")"
    assert row["name"] == "'@SUM(1)*cmd|' /C calc'!A0"
    assert (row["payment_id"], row["account"]) == ("'-1+1", "'+86")
    assert row["score"] == "0.5" and row["id_number"] == "430821199001010011"
    assert not any(cell[:1] in "=+-@\t\r" for cell in rows[1] if cell)
