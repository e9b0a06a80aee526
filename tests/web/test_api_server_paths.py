"""API answers name files, never the server's directories."""

from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun


def _walk(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, str):
        yield value


def test_a_failed_runs_job_error_and_bundle_name_do_not_show_server_paths(world, login, home, bundle):
    missing = bundle / "missing"
    run = run_now(acting_user=None, bundle_dir=missing, origin=CrosscheckRun.Origin.COMMAND)
    client = login(world.admin)
    job = client.get(f"/api/jobs/{run.job_id}").json()
    assert job["status"] == "failed" and "missing" in job["error"]
    answer = client.get(f"/api/crosscheck/runs/{run.id}").json()
    assert answer["bundle_dir"] == "missing"
    for text in [*_walk(job), *_walk(answer), *_walk(client.get("/api/crosscheck/runs").json())]:
        assert str(bundle) not in text and str(home) not in text, text


def test_a_finished_runs_import_summary_names_only_files(world, login, home, bundle):
    run = run_now(acting_user=None, bundle_dir=bundle, origin=CrosscheckRun.Origin.COMMAND)
    answer = login(world.admin).get(f"/api/crosscheck/runs/{run.id}").json()
    assert answer["imports"]["roll"]["source"] == "roll.csv"
    for text in _walk(answer):
        assert str(bundle.parent) not in text, text
