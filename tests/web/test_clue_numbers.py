"""Clue numbers: one XS<year><5 digits> scheme from a per-year counter, safe under concurrent intake."""

import contextlib
import threading
from datetime import date

import pytest
from django.db import connection, transaction

from qingfeng.audit.models import AuditEntry
from qingfeng.clues import numbers
from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.ledger import do_import_ledger
from qingfeng.clues.models import Clue
from qingfeng.core import counters
from qingfeng.core.models import Counter

from .ledger_support import ledger_row, write_xlsx


def _intake(world, received_on=date(2024, 2, 1), **fields):
    clue, _ = do_create_clue(acting_user=world.erin, received_on=received_on, source="上级交办", summary="反映低保评定不公",
                             township=world.t1, **fields)
    return clue


def test_numbers_of_a_year_run_on_from_the_highest_number_already_issued(world):
    Clue.objects.create(clue_no="XS202400041", received_on=date(2024, 1, 5), source="其他", owner=world.county)
    Clue.objects.create(clue_no="XS202300077", received_on=date(2023, 1, 5), source="其他", owner=world.county)
    assert _intake(world).clue_no == "XS202400042"
    assert _intake(world).clue_no == "XS202400043"
    assert _intake(world, received_on=date(2023, 6, 1)).clue_no == "XS202300078"
    assert _intake(world, received_on=date(2022, 6, 1)).clue_no == "XS202200001"


def test_intake_ledger_rows_without_a_number_and_cross_check_clues_share_one_counter(world, tmp_path):
    first = _intake(world, received_on=date(2018, 1, 2))
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", [ledger_row(线索编号=""), ledger_row(线索编号="")]),
                              acting_user=None)
    assert report.imported == 2
    system, created = do_create_clue(acting_user=None, received_on=date(2018, 5, 1), source="大数据比对", summary="比对发现疑点",
                                     owner=world.county, hit_key="R03|demo")
    assert created
    assert sorted(Clue.objects.values_list("clue_no", flat=True)) == [
        "XS201800001", "XS201800002", "XS201800003", "XS201800004"]
    assert (first.clue_no, system.clue_no) == ("XS201800001", "XS201800004")
    imported = AuditEntry.objects.filter(action="clue.ledger_import").order_by("seq")
    assert [e.after["clue_no"] for e in imported] == ["XS201800002", "XS201800003"]
    assert [e.object_id for e in imported] == [
        str(Clue.objects.get(clue_no=n).pk) for n in ("XS201800002", "XS201800003")]


def test_an_xs_number_given_in_a_ledger_moves_the_counter_past_it(world, tmp_path):
    do_import_ledger(write_xlsx(tmp_path / "l.xlsx", [ledger_row(线索编号="XS201800500")]), acting_user=None)
    assert _intake(world, received_on=date(2018, 7, 1)).clue_no == "XS201800501"


def test_a_number_taken_behind_the_counters_back_rejects_only_that_row(world, tmp_path):
    Counter.objects.create(key="clue_no:2018", value=0)
    Clue.objects.create(clue_no="XS201800001", received_on=date(2018, 1, 5), source="其他", owner=world.county)
    rows = [ledger_row(线索编号="OK-1"), ledger_row(线索编号=""), ledger_row(线索编号="OK-2")]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert (report.read, report.imported, report.rejected) == (3, 2, 1)
    assert [(row, column) for row, column, _ in report.problems] == [(3, "线索编号")]
    assert "数据库拒绝保存该行" in report.problems[0][2]
    assert set(Clue.objects.values_list("clue_no", flat=True)) == {"XS201800001", "OK-1", "OK-2"}


@pytest.mark.django_db(transaction=True)
def test_the_counter_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        counters.next_value("x")


def test_a_rolled_back_transaction_gives_its_numbers_back(db):
    with transaction.atomic():
        assert counters.reserve("k", 3) == range(1, 4)
    try:
        with transaction.atomic():
            assert counters.next_value("k") == 4
            raise RuntimeError
    except RuntimeError:
        pass
    with transaction.atomic():
        assert counters.next_value("k") == 4


def _turns():
    """SQLite's in-memory test database (shared cache) answers a second writer with "table is
    locked" at once instead of waiting, as the file database the platform runs on does (IMMEDIATE
    transactions, busy timeout): there the threads take turns. Everywhere else they really race."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return threading.Lock()
    return contextlib.nullcontext()


def _at_once(threads_count: int, work) -> tuple[list, list]:
    """Run `work()` in `threads_count` threads released together, each on its own database
    connection; (results, errors)."""
    barrier = threading.Barrier(threads_count)
    results, errors, turns = [], [], _turns()

    def run():
        try:
            barrier.wait(timeout=10)
            with turns:
                results.append(work())
        except Exception as e:  # noqa: BLE001 - every failure is reported to the test
            errors.append(repr(e))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_get_distinct_consecutive_numbers(world):
    """Each thread has its own database connection, as two web requests would. On
    PostgreSQL the counter row lock makes them queue; highest+1 without it gave two
    of them the same number and a 500 on the unique index."""
    def intake():
        clue, _ = do_create_clue(acting_user=world.erin, received_on=date(2024, 3, 1), source="上级交办",
                                 summary="反映低保评定不公", township=world.t1)
        return clue.clue_no

    numbers_given, errors = _at_once(8, intake)
    assert errors == []
    assert sorted(numbers_given) == [numbers.format_clue_no(2024, n) for n in range(1, 9)]
    assert Counter.objects.get(key="clue_no:2024").value == 8


@pytest.mark.django_db(transaction=True)
def test_first_use_of_a_key_by_many_at_once_creates_one_counter(db):
    def take():
        with transaction.atomic():
            return counters.next_value("race", initial=lambda: 100)

    values, errors = _at_once(6, take)
    assert errors == []
    assert sorted(values) == list(range(101, 107))
    assert Counter.objects.filter(key="race").count() == 1
