"""Cross-check pages: who may start runs and read them; uploads; the rule catalogue."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.clues.models import Clue, Source
from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs import queue
from qingfeng.jobs.models import Job
from tests.web.api_schema import api_get

PAGES = ("/staff/crosscheck/", "/staff/crosscheck/rules/")


def registry_files(bundle, *keys):
    return [SimpleUploadedFile(f"{k}.csv", (bundle / f"{k}.csv").read_bytes()) for k in keys]


@pytest.mark.parametrize("url", PAGES)
def test_township_officer_cannot_see_crosscheck_pages(world, login, url):
    assert login(world.alice).get(url).status_code == 403


def test_township_officer_cannot_start_a_run_or_read_one(world, login, home, bundle):
    run = run_now(acting_user=None, bundle_dir=bundle / "missing", origin=CrosscheckRun.Origin.COMMAND)
    client = login(world.alice)

    response = client.post("/staff/crosscheck/", {"files": registry_files(bundle, "roll")})

    assert response.status_code == 403
    assert CrosscheckRun.objects.count() == 1
    assert client.get(f"/staff/crosscheck/runs/{run.id}/").status_code == 403
    assert client.get(f"/api/crosscheck/runs/{run.id}").status_code == 403
    assert client.get(f"/staff/jobs/{run.job_id}/").status_code == 404


def test_department_liaison_uploads_files_and_the_run_is_queued_then_done(world, login, home, bundle):
    client = login(world.gina)
    assert "大数据比对" in client.get("/staff/").content.decode()

    keys = ("roll", "payments", "standards", "deaths")
    response = client.post("/staff/crosscheck/", {"files": registry_files(bundle, *keys), "label": "六月数据"})

    run = CrosscheckRun.objects.get()
    assert response.status_code == 302 and response.url == f"/staff/jobs/{run.job_id}/"
    assert run.job.status == Job.Status.QUEUED and run.started_by == world.gina and run.label == "六月数据"
    assert sorted(p.name for p in (home / "bundles").iterdir()) == [run.bundle_dir.rsplit("/", 1)[1]]
    assert queue.run_once("w").status == Job.Status.DONE

    page = client.get(f"/staff/crosscheck/runs/{run.id}/").content.decode()
    run.refresh_from_db()
    assert set(run.imports) == set(keys) and "R03" in run.rule_counts and "R01" in run.skipped
    assert "资金发放明细" in page and "已跳过" in page
    assert api_get(client, "/api/crosscheck/runs").json()["items"][0]["clues_created"] == run.clues_created > 0
    # The liaison sees clues only as the clues app allows: not the data-check clues of the county.
    assert "您可查看其中 0 条" in page


def test_a_zip_upload_is_unpacked_and_its_run_links_the_clues_made(world, login, home, bundle):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for path in bundle.rglob("*.csv"):
            z.write(path, f"county/{path.relative_to(bundle)}")  # a folder, and an answer key to ignore
    client = login(world.erin)

    client.post("/staff/crosscheck/", {"files": [SimpleUploadedFile("bundle.zip", archive.getvalue())]})
    run = CrosscheckRun.objects.get()
    queue.run_once("w")

    run.refresh_from_db()
    assert len(run.imports) == 11  # nine registries of §1, two of village finance (§5)
    page = client.get(f"/staff/crosscheck/runs/{run.id}/").content.decode()
    first = Clue.objects.filter(source=Source.DATA).order_by("id").first()
    assert f"/staff/clues/{first.id}/" in page and first.clue_no in page


def test_a_file_that_is_no_registry_is_refused_with_a_message(world, login, home):
    client = login(world.erin)

    response = client.post("/staff/crosscheck/", {"files": [SimpleUploadedFile("名单.csv", b"a,b\n")]}, follow=True)

    assert "文件名应为登记表名称" in response.content.decode()
    assert not CrosscheckRun.objects.exists()
    assert not [p for p in (home / "bundles").iterdir()]  # nothing half-written


def test_only_the_admin_may_run_a_server_directory(world, login, home, bundle):
    assert login(world.gina).post("/staff/crosscheck/", {"server_dir": str(bundle)}).status_code == 403
    assert not CrosscheckRun.objects.exists()

    login(world.admin).post("/staff/crosscheck/", {"server_dir": str(bundle)})

    run = CrosscheckRun.objects.get()
    assert run.origin == CrosscheckRun.Origin.SERVER and run.bundle_dir == str(bundle.resolve())
    page = login(world.admin).get(f"/staff/crosscheck/runs/{run.id}/").content.decode()
    assert bundle.name in page and str(bundle.parent) not in page  # its name, not where it lives


def test_the_rule_catalogue_shows_parameters_and_sql(world, login):
    page = login(world.frank).get("/staff/crosscheck/rules/").content.decode()

    assert "R03" in page and "死亡后仍发放" in page and "score_same_name" in page and "SELECT" in page
    assert page.count('class="rule"') == 18
