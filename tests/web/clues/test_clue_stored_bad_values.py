"""Values stored before the clue checks existed (control characters, negative amounts, unknown
categories, dates in 2999, amounts past max_digits) never take a county-wide page down."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import DataError, connection, transaction
from openpyxl import load_workbook

from qingfeng.clues.ledger import do_export_ledger
from qingfeng.clues.models import Clue, Reporter

repair = importlib.import_module("qingfeng.clues.migrations.0004_repair_out_of_range_amounts").repair

PAGES = ["/staff/clues/", "/staff/clues/backlog/", "/staff/clues/supervision/", "/api/clues",
         "/staff/reports/ledger/?download=1"]


def _stored_badly(make_clue, **fields):
    """A clue as an unchecked API call once wrote it: straight into the table."""
    clue = make_clue(reporter="张举报")
    Clue.objects.filter(id=clue.id).update(**fields)
    return clue


def _answers(client, clue) -> dict:
    urls = PAGES + [f"/staff/clues/{clue.id}/", f"/api/clues/{clue.id}"]
    return {url: client.get(url).status_code for url in urls}


def test_pages_exports_and_repeat_suggestions_survive_control_characters_already_stored(world, login, make_clue,
                                                                                      tmp_path):
    clue = _stored_badly(make_clue, subject="王\x01某", summary="冒领\x0b低保金", category="贪污受贿",
                         amount_involved=Decimal("-5"), extra={"督办\x02情况": "县\x03纪委督办"})
    _stored_badly(make_clue, received_on=date(2999, 1, 1), due_on=date(9999, 12, 31))
    Reporter.objects.filter(clue=clue).update(name="张\x01举报", contact="139\x1b0000")
    newcomer = make_clue(reporter="李四", subject="赵某", summary="冒领低保金")  # reads like it: a suggested repeat
    client = login(world.erin)
    assert set(_answers(client, clue).values()) == {200}
    assert "重复" in client.get(f"/staff/clues/{newcomer.id}/").content.decode()
    out = tmp_path / "ledger.xlsx"
    assert do_export_ledger(out, acting_user=None) == 3
    cells = [list(r) for r in load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    assert "督办情况" in cells[0]  # the header without its control character
    rows = {r[0]: r for r in cells[1:]}
    assert rows[clue.clue_no][4] == "张举报" and rows[clue.clue_no][6] == "王某"


def test_an_amount_past_max_digits_already_stored_is_moved_into_the_notes(world, login, make_clue):
    clue = make_clue()
    if connection.vendor != "sqlite":  # PostgreSQL's numeric(14, 2) never held one: nothing to repair
        with pytest.raises(DataError), transaction.atomic():
            Clue.objects.filter(id=clue.id).update(amount_involved=Decimal("1e20"))
        return
    Clue.objects.filter(id=clue.id).update(amount_involved=Decimal("1e20"), recovered=Decimal("-1e13"))
    with pytest.raises(ArithmeticError):  # what every page touching the clue did
        list(Clue.objects.filter(id=clue.id))
    repair(apps, None)
    clue.refresh_from_db()
    assert (clue.amount_involved, clue.recovered) == (None, Decimal("0"))
    assert set(clue.extra) == {"涉及金额（超出范围的原值）", "追缴金额（超出范围的原值）"}
    assert float(clue.extra["涉及金额（超出范围的原值）"]) == 1e20
    assert set(_answers(login(world.erin), clue).values()) == {200}
