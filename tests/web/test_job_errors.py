"""What a failed job's page says: the user's own problem as it is, a platform fault as an internal error."""

from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs import queue, registry
from qingfeng.jobs.models import Job


@registry.register("test.user_error", title="用户错误")
def _user_error(job, progress):
    raise registry.JobError("roll.csv：缺少必填列“姓名”（name）")


@registry.register("test.crash", title="崩溃")
def _crash(job, progress):
    return {}["missing"]


def test_a_job_failing_for_the_user_shows_its_message_as_it_is(world, login):
    job = queue.enqueue("test.user_error", user=world.erin)
    queue.run_once("w")

    page = login(world.erin).get(f"/staff/jobs/{job.id}/")

    assert Job.objects.get(id=job.id).error == "roll.csv：缺少必填列“姓名”（name）"
    assert "缺少必填列“姓名”" in page.content.decode() and "内部错误" not in page.content.decode()


def test_a_job_crashing_inside_the_platform_says_internal_error_in_chinese(world, login):
    job = queue.enqueue("test.crash", user=world.erin)
    queue.run_once("w")

    page = login(world.erin).get(f"/staff/jobs/{job.id}/").content.decode()

    assert "内部错误（KeyError）：&#x27;missing&#x27;。请联系系统管理员" in page


def test_a_bundle_without_registry_files_fails_with_the_reason_not_an_internal_error(world, tmp_path):
    run = run_now(acting_user=None, bundle_dir=tmp_path, origin=CrosscheckRun.Origin.COMMAND)

    assert run.job.status == Job.Status.FAILED
    assert run.job.error.startswith(f"{tmp_path.name}：") and "没有任何登记表文件" in run.job.error
    assert str(tmp_path.parent) not in run.job.error  # the folder by name, not the server path
