"""Crash safety of a township officer's village-only run: the other villages' rows are rejected
inside the import's transaction and the run is saved with its status `village` in one, so a
crash at any step leaves no half-filtered snapshot and no run of the wrong status."""

import duckdb
import pytest

from qingfeng.clues.models import Clue
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs.models import Job

from .test_village_books_upload import BOOKS, books_csv, run_queued_job
from .village_support import V1, V1B, default_items


@pytest.fixture(autouse=True)
def _items(db):
    default_items()


def crash(*args, **kwargs):
    raise RuntimeError("power cut")


def hub_rows(home, sql):
    con = duckdb.connect(str(home / "hub.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def upload(login, world):
    response = login(world.alice).post(f"/staff/villages/{V1}/finance/", {"files": [books_csv(*BOOKS)]})
    assert response.status_code == 302
    return run_queued_job()


def test_a_crash_inside_the_import_leaves_no_snapshot_and_no_run(world, login, home, monkeypatch):
    from qingfeng.engine import importer

    monkeypatch.setattr(importer, "finish_snapshot", crash)  # the foreign rows are reported, then the crash
    job = upload(login, world)
    assert job.status == Job.Status.FAILED
    assert hub_rows(home, "SELECT count(*) FROM snapshots") == [(0,)]
    assert hub_rows(home, "SELECT count(*) FROM import_problems") == [(0,)]
    tables = {t for (t,) in hub_rows(home, "SELECT table_name FROM duckdb_tables()")}
    assert "runs" not in tables and not any(t.startswith("village_books") for t in tables)
    assert CrosscheckRun.objects.get().engine_run_id == "" and not Clue.objects.exists()


def test_a_crash_while_saving_the_run_leaves_no_run_and_a_clean_snapshot(world, login, home, monkeypatch):
    from qingfeng.engine import runs

    with monkeypatch.context() as patch:  # the run row is written (status village), its hits not
        patch.setattr(runs, "_insert_hits", crash)
        job = upload(login, world)
    assert job.status == Job.Status.FAILED
    assert hub_rows(home, "SELECT count(*) FROM runs") == [(0,)]
    assert not Clue.objects.exists()
    # what was imported is a whole snapshot of this village's rows only: row 4 (枫林村's) never in it
    ((table, accepted, rejected),) = hub_rows(home, "SELECT table_name, rows_accepted, rows_rejected FROM snapshots")
    assert (accepted, rejected) == (3, 1)
    assert hub_rows(home, f"SELECT count(*) FROM {table} WHERE village_code = '{V1B}'") == [(0,)]
    again = upload(login, world)  # the next upload of the same file runs and is saved as a village run
    assert again.status == Job.Status.DONE, again.error
    assert hub_rows(home, "SELECT status, hits FROM runs") == [("village", 2)]  # R15 V001, R16 V002 (no cadres: no R18)
    assert hub_rows(home, "SELECT count(*) FROM snapshots") == [(1,)]  # the clean snapshot is reused
