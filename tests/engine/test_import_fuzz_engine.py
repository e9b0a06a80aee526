"""Importer fuzz, engine side (issue 13): a registry file of a cross-check bundle that is
malformed or hostile — the table cases of the web importers plus broken Parquet — is a
BundleError naming the file and the reason, and no snapshot is written."""

import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qingfeng.engine.bounds import MB
from qingfeng.engine.hub import Hub
from qingfeng.engine.readers import BundleError, read_xlsx
from tests.import_fuzz_cases import far_corner, huge_field_case, parquet_cases, table_cases

from .import_helpers import ROLL_HEADER, ROLL_ROWS, write_csv

ENV = {"rows": "ROWS", "columns": "COLUMNS", "cells": "CELLS", "cell_chars": "CELL_CHARS",
       "unzipped_bytes": "UNZIPPED_MB", "file_bytes": "FILE_MB"}
TABLE_CASES = [c for c in table_cases() if c.suffix in (".csv", ".xlsx")]


@pytest.fixture
def hub():
    with Hub(":memory:") as hub:
        yield hub


def set_limits(monkeypatch, limits: dict) -> None:
    for key, value in limits.items():
        monkeypatch.setenv(f"QINGFENG_IMPORT_MAX_{ENV[key]}", str(value // MB if key.endswith("bytes") else value))


def assert_refused(hub, path, reason):
    with pytest.raises(BundleError) as error:
        hub.import_file("roll", path)
    message = str(error.value)
    assert message.startswith(f"{path.name}："), message
    assert re.search(reason, message), (reason, message)
    assert hub.con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0


@pytest.mark.parametrize("case", TABLE_CASES, ids=lambda c: c.id)
def test_a_malformed_registry_table_is_a_bundle_error_and_no_snapshot(hub, tmp_path, monkeypatch, case):
    set_limits(monkeypatch, case.limits)
    path = tmp_path / f"roll{case.suffix}"
    path.write_bytes(case.data)
    assert_refused(hub, path, case.reason)


def test_malformed_parquet_files_are_bundle_errors_and_no_snapshot(hub, tmp_path):
    for case in parquet_cases(tmp_path):
        path = tmp_path / "roll.parquet"
        path.write_bytes(case.data)
        assert_refused(hub, path, case.reason)


def test_a_single_100_mb_csv_field_is_a_bundle_error(hub, tmp_path):
    huge = huge_field_case()
    path = tmp_path / "roll.csv"
    path.write_bytes(b"\xef\xbb\xbf" + huge.data)
    assert_refused(hub, path, huge.reason)


def test_read_xlsx_takes_its_limits_as_an_argument(tmp_path):
    from qingfeng.engine.bounds import Limits

    path = tmp_path / "roll.xlsx"
    path.write_bytes(far_corner("C40"))
    assert len(read_xlsx(path, Limits())) == 40
    with pytest.raises(BundleError, match=r"roll\.xlsx：表格过大：数据延伸到单元格 E40，超过 39 行的上限"):
        read_xlsx(path, Limits(rows=39))


def test_a_ragged_csv_read_row_by_row_is_bounded_too(hub, tmp_path, monkeypatch):
    # Rows of different lengths go through Python's csv module, not DuckDB's reader.
    monkeypatch.setenv("QINGFENG_IMPORT_MAX_ROWS", "4")
    path = write_csv(tmp_path / "roll.csv", ROLL_HEADER, [row[:-1] for row in ROLL_ROWS])
    assert_refused(hub, path, r"超过 4 行的上限")


@pytest.fixture(scope="module")
def shared_hub():
    with Hub(":memory:") as hub:
        yield hub


@pytest.fixture(scope="module")
def valid_files(tmp_path_factory):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .import_helpers import write_xlsx

    folder = tmp_path_factory.mktemp("valid")
    pq.write_table(pa.table({h: [r[i] for r in ROLL_ROWS] for i, h in enumerate(ROLL_HEADER)}), folder / "roll.parquet")
    return {".csv": write_csv(folder / "roll.csv", ROLL_HEADER, ROLL_ROWS).read_bytes(),
            ".xlsx": write_xlsx(folder / "roll.xlsx", ROLL_HEADER, ROLL_ROWS).read_bytes(),
            ".parquet": (folder / "roll.parquet").read_bytes()}


damage = st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=4)), min_size=1, max_size=6)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=damage, cut=st.sampled_from([1.0, 1.0, 0.9, 0.5]))
def test_a_damaged_registry_file_either_imports_or_is_a_bundle_error(shared_hub, valid_files, tmp_path, suffix,
                                                                     edits, cut):
    data = bytearray(valid_files[suffix])
    for where, patch in edits:
        at = int(where * (len(data) - 1))
        data[at:at + len(patch)] = patch
    path = tmp_path / f"roll{suffix}"
    path.write_bytes(bytes(data[: max(1, int(len(data) * cut))]))
    snapshots = shared_hub.con.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    try:
        shared_hub.import_file("roll", path)
    except BundleError as e:
        assert str(e).startswith(f"{path.name}：")
        assert shared_hub.con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == snapshots


def test_a_huge_field_in_a_data_row_read_by_duckdb_is_a_clear_error(hub, tmp_path):
    row = ["H1", "x" * 3_000_000] + ["1"] * (len(ROLL_HEADER) - 2)  # as many cells as the header: DuckDB reads it
    path = write_csv(tmp_path / "roll.csv", ROLL_HEADER, [row])
    assert_refused(hub, path, r"第 2 行过长（超过 2,000,000 个字符）")
