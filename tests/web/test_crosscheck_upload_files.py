"""The staff upload takes what the engine reads: .xls/.ods, Chinese names, split registries."""

import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs import queue
from tests.engine.test_bounds import needing_zip_version

FILES = Path(__file__).parents[1] / "engine" / "files"


def upload(name: str, path: Path | None = None, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else path.read_bytes())


def test_a_chinese_named_xls_is_uploaded_and_imported(world, login, home):
    client = login(world.erin)

    client.post("/staff/crosscheck/", {"files": [upload("保障对象名册.xls", FILES / "保障对象名册.xls")]})
    run = CrosscheckRun.objects.get()
    assert sorted(p.name for p in Path(run.bundle_dir).iterdir()) == ["保障对象名册.xls"]
    queue.run_once("w")

    run.refresh_from_db()
    roll = run.imports["roll"]
    assert (roll["rows_read"], roll["rows_accepted"]) == (3, 3)
    [rounded] = [p for p in roll["problems"] if p["column"] == "id_number"]
    assert rounded["row"] == 4 and rounded["file"] == "保障对象名册.xls" and "Excel" in rounded["reason"]


def test_a_split_registry_in_a_zip_folder_is_one_import_with_per_file_counts(world, login, home):
    header = "发放流水号,项目名称,资金所属期,领取人姓名,领取人证件号码,发放金额,发放日期\n"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("county/资金发放明细/2018-01.csv", header + "P1,低保金,2018-01,张三,430821199001011235,300,2018-01-05\n")
        z.writestr("county/资金发放明细/2018-02.csv", header + "P2,低保金,2018-02,张三,430821199001011235,abc,2018-02-05\n")
        z.write(FILES / "资金发放明细_2018-03.xls", "county/资金发放明细/2018-03.xls")
    client = login(world.erin)

    client.post("/staff/crosscheck/", {"files": [upload("县数据.zip", data=archive.getvalue())]})
    queue.run_once("w")

    payments = CrosscheckRun.objects.get().imports["payments"]
    assert [(f["file"], f["rows_read"], f["rows_accepted"], f["rows_rejected"]) for f in payments["files"]] == [
        ("2018-01.csv", 1, 1, 0), ("2018-02.csv", 1, 0, 1), ("2018-03.xls", 1, 1, 0)]
    assert {(p["file"], p["row"]) for p in payments["problems"] if p["rejected"]} == {("2018-02.csv", 2)}
    page = client.get(f"/staff/crosscheck/runs/{CrosscheckRun.objects.get().id}/").content.decode()
    assert "2018-02.csv 第 2 行" in page and '<tr class="part"><td>　2018-03.xls</td><td>1</td>' in page


def test_an_unknown_name_with_a_registry_header_is_taken(world, login, home):
    header = "户编号,姓名,证件号码\nH1,张三,430821199001011235\n"
    login(world.erin).post("/staff/crosscheck/", {"files": [upload("3月名单导出.csv", data=header.encode())]})
    queue.run_once("w")
    assert CrosscheckRun.objects.get().imports["roll"]["rows_accepted"] == 1


def test_two_files_for_one_registry_are_refused_and_nothing_is_kept(world, login, home):
    header = "户编号,姓名\nH1,张三\n".encode()
    response = login(world.erin).post("/staff/crosscheck/", {"files": [
        upload("roll.csv", data=header), upload("保障对象名册.xls", FILES / "保障对象名册.xls")]}, follow=True)
    assert "两个文件" in response.content.decode()
    assert not CrosscheckRun.objects.exists() and not list((home / "bundles").iterdir())


def test_a_damaged_zip_is_refused_by_name_and_nothing_is_kept(world, login, home):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("保障对象名册.csv", "户编号,姓名,证件号码\nH1,张三,430821199001011235\n")
    client = login(world.erin)

    response = client.post("/staff/crosscheck/", {"files": [upload("县数据.zip", data=needing_zip_version(archive.getvalue(), 64))]},
                           follow=True)

    assert "县数据.zip 不是有效的 zip 压缩包" in response.content.decode()
    assert not CrosscheckRun.objects.exists() and not any((home / "bundles").glob("*"))
