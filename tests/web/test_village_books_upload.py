"""A township officer uploads a village's books and bank statements from the UI: only the village
finance registries and only that village's rows are imported (others rejected with row, column
and reason); R14–R18 run as a job against the hub's latest cadres; a partial run marks no other
village's or rule's hit as gone."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.clues.models import Clue, Source
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs import queue
from qingfeng.jobs.models import Job

from .village_support import V1, V1B, V2, default_items, member_b

CADRE_ID = "430821198001010019"
BOOKS_HEADER = "凭证号,行政区划代码,记账日期,收支,科目,摘要,金额,收付对象,收付对象证件号码,结算方式,民主理财审核\n"
BANK_HEADER = "交易流水号,行政区划代码,交易日期,收支,金额,对方户名,对方账号,摘要\n"


@pytest.fixture(autouse=True)
def _items(db):
    default_items()


def books_csv(*rows):
    return SimpleUploadedFile("village_books.csv", (BOOKS_HEADER + "".join(r + "\n" for r in rows)).encode())


def bank_csv(*rows):
    return SimpleUploadedFile("village_bank.csv", (BANK_HEADER + "".join(r + "\n" for r in rows)).encode())


def cadres_in_hub(home):
    """The county's cadres, imported earlier (R18 reads the hub's latest)."""
    from qingfeng.engine.hub import Hub

    path = home / "cadres.csv"
    home.mkdir(parents=True, exist_ok=True)
    path.write_text("姓名,证件号码,行政区划代码,职务,任职起,任职止\n"
                    f"赵支书,{CADRE_ID},{V1},村支书,2020-01-01,2030-12-31\n", encoding="utf-8")
    with Hub(home / "hub.duckdb") as hub:
        hub.import_file("cadres", path, as_of=date(2026, 11, 1))


def run_queued_job():
    job = Job.objects.get(status=Job.Status.QUEUED)
    assert queue.try_claim(job.id, "test")
    return queue.run_job(Job.objects.get(id=job.id))


BOOKS = (
    f"V001,{V1},2026-10-05,支出,公益支出,修路材料款,6000.00,湖南路桥建设有限公司,,转账,否",  # R15
    f"V002,{V1},2026-10-08,支出,管理费用,办公用品,1500.00,城关文具店,,现金,是",  # R16
    f"W001,{V1B},2026-10-09,支出,公益支出,别村的,9000.00,某公司,,转账,否",  # row 4: 枫林村's, rejected
    f"V003,{V1},2026-10-12,支出,公益支出,劳务费,800.00,赵支书,{CADRE_ID},转账,是",  # R18
)
BANK = (
    f"T001,{V1},2026-10-06,支出,6000.00,湖南路桥建设有限公司,6222000011112222,材料款",  # matches V001
    f"T002,{V1},2026-10-20,收入,2000.00,某某,6222000033334444,租金",  # R14: no entry
    f"T003,{V2},2026-10-20,收入,3000.00,某某,6222000055556666,租金",  # row 4: another township's
)


def test_a_township_officer_uploads_books_and_statements_and_the_village_rules_run(world, login, home):
    cadres_in_hub(home)
    client = login(world.alice)
    response = client.post(f"/staff/villages/{V1}/finance/", {"files": [books_csv(*BOOKS), bank_csv(*BANK)]})
    assert response.status_code == 302 and "/staff/jobs/" in response["Location"]
    job = run_queued_job()
    assert job.status == Job.Status.DONE, job.error
    run = CrosscheckRun.objects.get()
    books, bank = run.imports["village_books"], run.imports["village_bank"]
    assert (books["rows_read"], books["rows_accepted"], books["rows_rejected"]) == (4, 3, 1)
    assert (bank["rows_read"], bank["rows_accepted"], bank["rows_rejected"]) == (3, 2, 1)
    foreign = [p for p in books["problems"] if p["column"] == "village_code"]
    assert [(p["row"], p["value"]) for p in foreign] == [(4, V1B)] and "不是本村" in foreign[0]["reason"]
    assert run.rule_counts == {"R14": 1, "R15": 1, "R16": 1, "R17": 0, "R18": 1}
    keys = set(Clue.objects.filter(source=Source.DATA).values_list("hit_key", flat=True))
    assert keys == {"R14:T002", f"R15:{V1}/V001", f"R16:{V1}/V002", f"R18:{V1}/V003"}
    assert set(Clue.objects.values_list("village", flat=True)) == {world.v1.id}
    assert str(Clue.objects.get(hit_key=f"R15:{V1}/V001").amount_involved) == "6000.00"
    assert str(Clue.objects.get(hit_key="R14:T002").amount_involved) == "2000.00"
    page = client.get(f"/staff/villages/{V1}/finance/runs/{run.id}/").content.decode()
    assert "行政区划代码（village_code）：430821101202 不是本村" in page and "<td>4</td>" in page
    assert client.get(f"/staff/villages/{V1B}/finance/runs/{run.id}/").status_code == 404  # V1's run
    assert CADRE_ID in client.get(f"/staff/villages/{V1}/hits/{Clue.objects.get(hit_key=f'R18:{V1}/V003').id}/"
                                  ).content.decode()  # the township officer reads the full evidence
    hank_client = login(world.hank)
    hank = hank_client.get(f"/staff/villages/{V1}/hits/").content.decode()
    assert hank.count('id="hit-') == 4 and CADRE_ID not in hank
    for clue in Clue.objects.filter(source=Source.DATA):  # the member: no ID number, no full account
        html = hank_client.get(f"/staff/villages/{V1}/hits/{clue.id}/").content.decode()
        assert CADRE_ID not in html and "6222000033334444" not in html and "6222000011112222" not in html
    r14 = hank_client.get(f"/staff/villages/{V1}/hits/{Clue.objects.get(hit_key='R14:T002').id}/").content.decode()
    assert "****4444" in r14
    books_page = login(world.alice).get(f"/staff/villages/{V1}/books/").content.decode()
    assert "共 3 笔" in books_page and "W001" not in books_page


def test_another_village_s_upload_marks_no_hit_of_this_village_gone(world, login, home):
    client = login(world.alice)
    client.post(f"/staff/villages/{V1}/finance/", {"files": [books_csv(BOOKS[0])]})
    run_queued_job()
    client.post(f"/staff/villages/{V1B}/finance/", {"files": [books_csv(
        f"B001,{V1B},2026-10-05,支出,公益支出,修水渠,300.00,某公司,,转账,否")]})
    run_queued_job()
    first, second = CrosscheckRun.objects.order_by("id")
    assert (first.hits, first.new_hits) == (1, 1)
    assert (second.hits, second.new_hits, second.gone_hits) == (0, 0, 0)
    # and V1's books are still its own upload's, not the neighbour's later one
    assert "共 1 笔" in client.get(f"/staff/villages/{V1}/books/").content.decode()
    client.post(f"/staff/villages/{V1}/finance/", {"files": [books_csv(
        f"V001,{V1},2026-10-05,支出,公益支出,修路材料款,6000.00,湖南路桥建设有限公司,,转账,是")]})
    run_queued_job()
    third = CrosscheckRun.objects.order_by("id").last()
    assert (third.hits, third.gone_hits) == (0, 1)  # V1's own R15 hit went: reviewed now
    import duckdb

    from qingfeng.engine import runs
    con = duckdb.connect(str(home / "hub.duckdb"), read_only=True)
    try:  # recorded in the hub, never the previous run a county-wide run compares with
        assert con.execute("SELECT count(*), min(status) FROM runs").fetchone() == (3, "village")
        assert runs.previous_run(con) is None
    finally:
        con.close()


def test_the_upload_takes_only_village_finance_files(world, login, home):
    client = login(world.alice)
    roll = SimpleUploadedFile("roll.csv", "户编号,姓名\nH1,张三\n".encode())
    response = client.post(f"/staff/villages/{V1}/finance/", {"files": [roll]}, follow=True)
    assert "只能上传村级财务收支明细" in response.content.decode()
    assert not Job.objects.exists()


def test_a_file_of_only_other_villages_rows_fails_with_the_reason(world, login, home):
    client = login(world.alice)
    client.post(f"/staff/villages/{V1}/finance/", {"files": [books_csv(BOOKS[2])]})
    job = run_queued_job()
    assert job.status == Job.Status.FAILED and "没有本村（430821101201）可以导入的行" in job.error
    assert not Clue.objects.exists()


def test_only_the_village_s_township_officer_uploads(world, login, home):
    upload = {"files": [books_csv(BOOKS[0])]}
    assert login(world.bob).post(f"/staff/villages/{V1}/finance/", upload).status_code == 404  # another township
    assert login(world.hank).post(f"/staff/villages/{V1}/finance/", {"files": [books_csv(BOOKS[0])]}).status_code == 403
    assert login(member_b(world)).get(f"/staff/villages/{V1}/finance/").status_code == 404
    assert login(world.frank).post(f"/staff/villages/{V1}/finance/", {"files": [books_csv(BOOKS[0])]}).status_code == 403
    assert login(world.frank).get(f"/staff/villages/{V1}/finance/").status_code == 200  # leadership reads
    assert not Job.objects.exists()
