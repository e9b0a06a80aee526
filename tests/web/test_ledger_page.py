"""The staff ledger page: scoped Excel download with confidential reporters, upload for intake."""

import io

from openpyxl import load_workbook

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.ledger import do_import_ledger
from qingfeng.clues.models import Clue

from .ledger_support import ledger_row, write_csv, write_xlsx

URL = "/staff/reports/ledger/"


def _seed(world, tmp_path):
    rows = [ledger_row(), ledger_row(线索编号="XS-T2", 所属乡镇="东岳观镇", 所属村="龙泉村", 反映人="周九")]
    do_import_ledger(write_xlsx(tmp_path / "seed.xlsx", rows), acting_user=None)


def _download(client):
    response = client.get(URL + "?download=1&from=2018-01-01&to=2018-12-31")
    assert response.status_code == 200
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)]


def test_township_officer_downloads_only_own_clues_without_reporters(world, tmp_path, login):
    _seed(world, tmp_path)
    cells = _download(login(world.alice))
    assert [r[0] for r in cells[1:]] == ["XS-001"]
    assert cells[1][4] is None and "赵六" not in str(cells)


def test_intake_officer_download_includes_reporters_and_is_logged(world, tmp_path, login):
    _seed(world, tmp_path)
    cells = _download(login(world.erin))
    assert {r[0]: r[4] for r in cells[1:]} == {"XS-001": "赵六", "XS-T2": "周九"}
    entry = AuditEntry.objects.get(action="clue.ledger_export")
    assert entry.actor == world.erin and sorted(entry.after["reporters_shown"]) == ["XS-001", "XS-T2"]


def test_intake_officer_uploads_a_ledger_and_sees_the_problems(world, tmp_path, login):
    path = write_csv(tmp_path / "l.csv", [ledger_row(), ledger_row(线索编号="BAD", 是否立案="是")], encoding="gb18030")
    with open(path, "rb") as f:
        response = login(world.erin).post(URL, {"file": f})
    page = response.content.decode()
    assert response.status_code == 200 and "是否立案为“是”，但立案日期为空" in page
    assert list(Clue.objects.values_list("clue_no", flat=True)) == ["XS-001"]
    assert AuditEntry.objects.get(action="clue.ledger_import").actor == world.erin


def test_township_officer_may_not_upload(world, tmp_path, login):
    path = write_xlsx(tmp_path / "l.xlsx", [ledger_row()])
    with open(path, "rb") as f:
        assert login(world.alice).post(URL, {"file": f}).status_code == 403
    assert not Clue.objects.exists()


def test_a_file_that_is_not_a_ledger_is_a_clear_error(world, tmp_path, login):
    path = tmp_path / "x.txt"
    path.write_bytes(b"hello")
    with open(path, "rb") as f:
        response = login(world.erin).post(URL, {"file": f})
    assert response.status_code == 400 and "找不到台账表头" in response.content.decode()


def test_village_committee_member_may_not_open_the_ledger_page(world, login):
    assert login(world.hank).get(URL).status_code == 403


def test_staff_home_links_to_the_reports(world, login):
    page = login(world.frank).get("/staff/").content.decode()
    assert "/staff/reports/stats/" in page and "/staff/reports/ledger/" in page
