"""Importer fuzz (issue 13): every malformed or hostile file — broken zips and XML, a far
corner cell, a zip bomb, odd encodings, NUL bytes, huge fields, too many columns or rows —
ends in a clear message naming the file and the reason: never a crash or a 500, never a
partial write. Through the ledger and places actions and their upload pages; the
cross-check side is in tests/engine/test_import_fuzz_engine.py and at the end here."""

import functools
import html
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.ledger import LedgerFileError, do_import_ledger
from qingfeng.clues.models import Clue
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.engine.bounds import Limits
from qingfeng.jobs import queue
from qingfeng.jobs.models import Job
from qingfeng.places.actions import do_import_places
from qingfeng.places.models import Jurisdiction
from qingfeng.places.reading import PlacesFileError
from tests.import_fuzz_cases import far_corner, huge_field_case, table_cases

from .ledger_support import ledger_row, write_csv, write_xlsx

LEDGER_URL = "/staff/reports/ledger/"
PLACES_URL = "/staff/places/"


@functools.cache
def cases() -> dict:
    return {case.id: case for case in table_cases()}


def counts() -> tuple[int, int, int]:
    return Clue.objects.count(), AuditEntry.objects.count(), Jurisdiction.objects.count()


def assert_clear(message: str, file: str, reason: str) -> None:
    assert message.startswith(f"{file}："), message
    assert re.search(reason, message), (reason, message)


@pytest.fixture(params=sorted(cases()))
def case(request):
    return cases()[request.param]


# --- the actions -------------------------------------------------------------------------


def test_the_ledger_import_refuses_each_malformed_file_clearly_and_writes_nothing(world, case):
    before, name = counts(), f"ledger-{case.id}{case.suffix}"
    with override_settings(IMPORT_LIMITS=case.limits_for()), pytest.raises(LedgerFileError) as error:
        do_import_ledger(io.BytesIO(case.data), acting_user=world.erin, name=name)
    assert_clear(str(error.value), name, case.reason)
    assert counts() == before


def test_the_places_import_refuses_each_malformed_file_clearly_and_writes_nothing(world, case):
    before, name = counts(), f"places-{case.id}{case.suffix}"
    with override_settings(IMPORT_LIMITS=case.limits_for()), pytest.raises(PlacesFileError) as error:
        do_import_places(io.BytesIO(case.data), acting_user=world.admin, name=name)
    assert_clear(str(error.value), name, case.reason)
    assert counts() == before


def test_a_single_100_mb_field_is_a_clear_error_for_both_imports_from_a_path(world, tmp_path):
    huge = huge_field_case()
    path = tmp_path / "huge.csv"
    path.write_bytes(huge.data)
    before = counts()
    for do, error in ((do_import_ledger, LedgerFileError), (do_import_places, PlacesFileError)):
        with pytest.raises(error) as raised:
            do(path, acting_user=None)
        assert_clear(str(raised.value), "huge.csv", huge.reason)
    assert counts() == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(world, tmp_path):
    path = write_csv(tmp_path / "big.csv", [ledger_row()])
    with override_settings(IMPORT_LIMITS=Limits(file_bytes=100)):
        with pytest.raises(LedgerFileError) as error:
            do_import_ledger(path, acting_user=None)
    assert_clear(str(error.value), "big.csv", r"文件过大（1 MB），超过 0 MB")
    assert not Clue.objects.exists()


# --- the upload pages: a 400 with the message, never a 500 ---------------------------------


def _post(client, url, name, data):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_the_ledger_upload_page_answers_each_malformed_file_with_its_message(world, login, case):
    before, name = counts(), f"upload-{case.id}{case.suffix}"
    with override_settings(IMPORT_LIMITS=case.limits_for()):
        response = _post(login(world.erin), LEDGER_URL, name, case.data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert re.search(re.escape(f"{name}：") + ".*?(" + case.reason + ")", page), page[-2000:]
    assert counts() == before


def test_the_places_upload_page_answers_each_malformed_file_with_its_message(world, login, case):
    before, name = counts(), f"upload-{case.id}{case.suffix}"
    with override_settings(IMPORT_LIMITS=case.limits_for()):
        response = _post(login(world.admin), PLACES_URL, name, case.data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert re.search(re.escape(f"{name}：") + ".*?(" + case.reason + ")", page)
    assert counts() == before


# --- a legitimate file still reads ---------------------------------------------------------


def test_a_ledger_with_trailing_formatted_empty_rows_still_imports(world, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill

    path = write_xlsx(tmp_path / "formatted.xlsx", [ledger_row()])
    workbook = load_workbook(path)
    sheet = workbook.active
    fill = PatternFill("solid", fgColor="FFFF00")
    for row in range(3, 3000):  # formatting down the sheet, far past the limit below
        for column in range(1, 40):
            sheet.cell(row=row, column=column).fill = fill
    workbook.save(path)
    small = Limits(rows=100, columns=33)
    with override_settings(IMPORT_LIMITS=small):
        report = do_import_ledger(path, acting_user=None)
    assert report.imported == 1 and list(Clue.objects.values_list("clue_no", flat=True)) == ["XS-001"]


def test_the_far_corner_workbook_of_the_issue_is_refused_with_its_extent_and_the_limit(world):
    with pytest.raises(LedgerFileError) as error:
        do_import_ledger(io.BytesIO(far_corner()), acting_user=None, name="5kb.xlsx")
    assert str(error.value) == "5kb.xlsx：表格过大：数据延伸到单元格 XFD1048576，超过 1,000,000 行的上限"


# --- property-based: damaged copies of a valid ledger --------------------------------------


@functools.cache
def _valid_ledger(suffix: str) -> bytes:
    out = io.BytesIO()
    if suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        rows = [ledger_row(), ledger_row(线索编号="XS-002")]
        workbook.active.append(list(rows[0]))
        for row in rows:
            workbook.active.append(list(row.values()))
        workbook.save(out)
        return out.getvalue()
    return ("\r\n".join(",".join(r) for r in ([list(ledger_row())] + [list(ledger_row().values())]))).encode()


damage = st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=4)), min_size=1, max_size=6)


def _damaged(data: bytes, edits, cut: float) -> bytes:
    out = bytearray(data)
    for where, patch in edits:
        at = int(where * (len(out) - 1))
        out[at:at + len(patch)] = patch
    return bytes(out[: max(1, int(len(out) * cut))])


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=damage, cut=st.sampled_from([1.0, 1.0, 0.9, 0.5]))
def test_a_damaged_ledger_either_imports_or_is_refused_with_a_message_and_no_write(world, suffix, edits, cut):
    data, before = _damaged(_valid_ledger(suffix), edits, cut), counts()
    try:
        do_import_ledger(io.BytesIO(data), acting_user=None, name=f"damaged{suffix}")
    except LedgerFileError as e:
        assert str(e).startswith(f"damaged{suffix}：")
        assert counts() == before


# --- the cross-check upload: the job fails with the message ---------------------------------


def _bundle_upload(client, files: dict):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return client.post("/staff/crosscheck/", {"files": [SimpleUploadedFile("bundle.zip", archive.getvalue())]})


@pytest.mark.parametrize("file, data, reason", [
    ("roll.xlsx", far_corner(), r"roll\.xlsx：表格过大：数据延伸到单元格 XFD1048576"),
    ("roll.xlsx", b"PK\x03\x04 not really", r"roll\.xlsx：无法读取 Excel 文件"),
    ("roll.parquet", b"PAR1 but not really\x00" * 10, r"roll\.parquet：无法读取 Parquet 文件"),
])
def test_a_department_upload_with_a_hostile_file_fails_its_job_with_the_message(world, login, home, file, data,
                                                                                reason):
    before = counts()
    response = _bundle_upload(login(world.gina), {file: data})
    assert response.status_code == 302
    job = queue.run_once("w")
    assert job.status == Job.Status.FAILED and re.search(reason, job.error), job.error
    assert CrosscheckRun.objects.get().hits == 0
    assert (Clue.objects.count(), Jurisdiction.objects.count()) == before[::2]



def test_the_web_messages_are_the_engines_texts_marked_for_translation():
    from qingfeng.core.tables import _messages
    from qingfeng.engine.bounds import MESSAGES

    assert _messages() == MESSAGES
