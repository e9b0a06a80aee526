"""Jobs and uploaded files run in a child process with memory and time limits: whatever the
child does — allocate without end, hang, abort, be killed — the worker or the web process
lives on, the job is failed at once with the reason (no retry) and the uploader reads it.

The job functions here touch no database: the child of a test cannot see the test's
database (SQLite's is in memory, and the test's transaction is not committed), and it
needs none to show that its ending is recorded by the parent.
"""

import io
import os
import resource
import signal
import sys
import threading
import time

import pytest

from qingfeng.clues.models import Clue
from qingfeng.core import isolation
from qingfeng.jobs import queue, registry, supervisor, worker
from qingfeng.jobs.models import Job
from qingfeng.places.models import Jurisdiction

from .ledger_support import ledger_row, write_xlsx
from .places_support import COUNTY_ROWS, csv_bytes

LIMIT_MB = 512  # far below the machine, far above a child's ~150 MB of Django


def _allocate_beyond_the_limit() -> None:
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    assert soft != resource.RLIM_INFINITY, "only ever allocate under a memory limit"
    bytearray(soft * 2)  # fails at once: the address space is capped


@registry.register("test.isolation.allocate", title="内存炸弹")
def _allocating_job(job, progress):
    progress("分配内存…", 10)
    _allocate_beyond_the_limit()


@registry.register("test.isolation.sleep", title="睡眠")
def _sleeping_job(job, progress):
    time.sleep(job.params.get("seconds", 30))
    return {"slept": True}


@registry.register("test.isolation.exit", title="直接退出")
def _exiting_job(job, progress):
    os._exit(3)


@registry.register("test.isolation.sigkill", title="被杀")
def _killed_job(job, progress):
    os.kill(os.getpid(), signal.SIGKILL)


@registry.register("test.isolation.echo", title="回显")
def _echo_job(job, progress):
    progress("半程", 50)
    return {"echo": job.params.get("text"), "pid": os.getpid(), "nice": os.nice(0)}


@registry.register("test.isolation.user_error", title="用户错误")
def _user_error_job(job, progress):
    raise registry.JobError("roll.csv 第 3 行：证件号码格式错误")


def _allocating_reader(source, name, error, bound=None, sheets=()):
    _allocate_beyond_the_limit()


@pytest.fixture
def limits(settings):
    settings.JOB_MEMORY_MB = settings.UPLOAD_MEMORY_MB = LIMIT_MB
    settings.JOB_TIMEOUT_SECONDS = settings.UPLOAD_TIMEOUT_SECONDS = 60


def _run_next() -> Job:
    return queue.run_once("w", isolated=True)


# Jobs ----------------------------------------------------------------------------------------------------

def test_a_jobs_process_yields_the_cpu_to_the_web_process(db, limits):
    queue.enqueue("test.isolation.echo", {"text": "nice"})
    done = _run_next()
    assert done.status == Job.Status.DONE
    assert done.result["nice"] == os.nice(0) + isolation.JOB_NICENESS and done.result["pid"] != os.getpid()


def test_a_job_allocating_beyond_the_memory_limit_fails_with_the_reason_and_is_not_retried(db, limits):
    bomb, after = queue.enqueue("test.isolation.allocate"), queue.enqueue("test.isolation.echo", {"text": "ok"})

    failed = _run_next()

    assert failed.id == bomb.id and failed.status == Job.Status.FAILED and failed.attempts == 1
    assert failed.error == f"处理进程内存超限（上限 {LIMIT_MB} MB），已终止。文件可能过大或已损坏。"
    assert failed.finished_at and "内存超限" in failed.progress_text
    queue.requeue_stale()
    done = _run_next()  # the next job, not the bomb again
    assert done.id == after.id and done.status == Job.Status.DONE and done.result["echo"] == "ok"
    assert done.result["pid"] != os.getpid()  # it ran in a child
    assert _run_next() is None and Job.objects.get(id=bomb.id).status == Job.Status.FAILED


def test_the_uploader_reads_why_the_job_failed_on_its_page(world, login, limits):
    job = queue.enqueue("test.isolation.allocate", user=world.erin)
    _run_next()

    page = login(world.erin).get(f"/staff/jobs/{job.id}/").content.decode()

    assert f"处理进程内存超限（上限 {LIMIT_MB} MB），已终止。" in page and "内部错误" not in page


def test_a_job_running_past_its_time_limit_is_killed_and_failed(db, settings):
    settings.JOB_TIMEOUT_SECONDS = 1
    job = queue.enqueue("test.isolation.sleep", {"seconds": 30})

    began = time.monotonic()
    failed = _run_next()

    assert time.monotonic() - began < 10
    assert failed.id == job.id and failed.status == Job.Status.FAILED
    assert failed.error == "处理进程运行超过时限（1 秒），已终止。"


def test_a_job_whose_process_exits_at_once_is_failed_with_its_exit_code(db, limits):
    queue.enqueue("test.isolation.exit")

    failed = _run_next()

    assert failed.status == Job.Status.FAILED and failed.error == "处理进程异常退出（退出码 3）。"


def test_a_job_whose_process_is_killed_is_failed_and_says_so(db, limits):
    queue.enqueue("test.isolation.sigkill")

    failed = _run_next()

    assert failed.status == Job.Status.FAILED and "被系统强制终止（SIGKILL）" in failed.error


def test_a_job_failing_for_the_user_in_its_process_keeps_its_own_message(db, limits):
    queue.enqueue("test.isolation.user_error")

    assert _run_next().error == "roll.csv 第 3 行：证件号码格式错误"


def test_a_job_whose_worker_stops_goes_back_to_the_queue_without_using_up_an_attempt(db, limits):
    job = queue.enqueue("test.isolation.sleep", {"seconds": 30})
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()

    queue.run_job_isolated(queue.claim_next("w"), stop=stop)

    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.attempts == 0 and job.worker == ""


def test_the_worker_loop_survives_a_memory_bomb_and_runs_the_next_job(transactional_db, limits):
    bomb, after = queue.enqueue("test.isolation.allocate"), queue.enqueue("test.isolation.echo", {"text": "next"})
    stop = threading.Event()
    loop = threading.Thread(target=worker.work, args=(stop, 0.05))
    loop.start()
    try:
        deadline = time.monotonic() + 120  # two child processes; a loaded CI machine is slow to spawn them
        while Job.objects.get(id=after.id).status != Job.Status.DONE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert loop.is_alive()
    finally:
        stop.set()
        loop.join(10)
    assert Job.objects.get(id=bomb.id).status == Job.Status.FAILED
    assert Job.objects.get(id=after.id).result["echo"] == "next"


def test_progress_reported_in_the_child_reaches_the_caller():
    seen = []

    result = isolation.run(_reporting, limits=isolation.Limits(LIMIT_MB, 30), progress=lambda *a: seen.append(a))

    assert result == "done" and seen == [("读取文件", 10), ("写入", 90)]


def _reporting(progress):
    progress("读取文件", 10)
    progress("写入", 90)
    return "done"


# Uploads -------------------------------------------------------------------------------------------------

LEDGER_URL, PLACES_URL = "/staff/reports/ledger/", "/staff/places/"


def _post(client, url, content: bytes, name: str):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(url, {"file": upload})


def test_a_ledger_upload_that_exhausts_the_reader_answers_with_the_reason_and_the_server_lives(
        world, login, limits, tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "read_rows_in_child", _allocating_reader)
    client = login(world.erin)
    content = write_xlsx(tmp_path / "台账.xlsx", [ledger_row()]).read_bytes()

    response = _post(client, LEDGER_URL, content, "台账.xlsx")

    assert response.status_code == 400
    assert f"台账.xlsx：处理进程内存超限（上限 {LIMIT_MB} MB），已终止。" in response.content.decode()
    assert not Clue.objects.exists()
    monkeypatch.undo()
    again = _post(client, LEDGER_URL, content, "台账.xlsx")  # the same process serves the next upload
    assert again.status_code == 200 and list(Clue.objects.values_list("clue_no", flat=True)) == ["XS-001"]
    assert "<dt>读取行数</dt><dd>1</dd>" in again.content.decode()  # the import report, as before


def test_a_ledger_workbook_with_a_far_corner_cell_answers_with_a_message_not_a_dead_server(
        world, login, limits, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(ledger_row()))
    sheet.append(list(ledger_row().values()))
    sheet["XFD1048576"] = "x"  # the sheet's range becomes 16384 × 1048576 cells
    workbook.save(tmp_path / "bomb.xlsx")
    client = login(world.erin)

    response = _post(client, LEDGER_URL, (tmp_path / "bomb.xlsx").read_bytes(), "bomb.xlsx")

    # Refused with the file's name (by the memory limit, or by a bounded reader) or read within
    # its real bounds — never a dead process.
    if response.status_code == 400:
        assert "bomb.xlsx：" in response.content.decode() and not Clue.objects.exists()
    else:
        assert response.status_code == 200 and Clue.objects.count() == 1
    assert client.get(LEDGER_URL).status_code == 200


def test_a_places_upload_that_exhausts_the_reader_answers_with_the_reason_and_changes_nothing(
        world, login, limits, monkeypatch):
    monkeypatch.setattr(isolation, "read_rows_in_child", _allocating_reader)
    before = Jurisdiction.objects.count()

    response = _post(login(world.admin), PLACES_URL, csv_bytes(COUNTY_ROWS), "places.csv")

    assert response.status_code == 400
    assert f"places.csv：处理进程内存超限（上限 {LIMIT_MB} MB），已终止。" in response.content.decode()
    assert Jurisdiction.objects.count() == before


def test_a_places_upload_read_in_a_child_still_reports_rows_added(world, login, limits):
    response = _post(login(world.admin), PLACES_URL, csv_bytes([("430821101203", "新村", "")]), "places.csv")

    assert response.status_code == 200 and Jurisdiction.objects.filter(code="430821101203").exists()


# The worker process under `serve` --------------------------------------------------------------------------

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_the_supervised_worker_is_restarted_when_it_dies_and_stopped_with_the_server(monkeypatch):
    monkeypatch.setattr(supervisor, "FIRST_DELAY", 0.05)
    process = supervisor.WorkerProcess(SLEEPER).start()
    try:
        assert _wait_for(lambda: process.process is not None)
        first = process.process
        first.kill()
        assert _wait_for(lambda: process.starts == 2 and process.process is not first)
    finally:
        process.stop()
    assert process.process.poll() is not None
    time.sleep(0.2)
    assert process.starts == 2  # not restarted after the stop


def test_the_worker_command_runs_qingfeng_worker_for_this_server():
    assert supervisor.worker_command()[1:] == ["-m", "qingfeng", "worker", "--parent", str(os.getpid())]


def test_serve_runs_the_worker_as_a_process_of_its_own_and_stops_it_on_exit(monkeypatch):
    import waitress
    from django.core.management import call_command

    monkeypatch.setattr(supervisor, "worker_command", lambda: SLEEPER)
    seen = {}

    def fake_serve(application, **options):
        seen["worker"] = _wait_for(lambda: _sleeper_children())
        raise KeyboardInterrupt  # Ctrl-C

    monkeypatch.setattr(waitress, "serve", fake_serve)
    call_command("serve", port=0)

    assert seen["worker"] is True
    assert _wait_for(lambda: not _sleeper_children())


def _sleeper_children() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat, open(f"/proc/{entry}/cmdline", "rb") as cmd:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                    if parent == os.getpid() and b"time.sleep(60)" in cmd.read():
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def test_the_ledger_command_with_a_far_corner_workbook_ends_with_a_message(world, limits, tmp_path):
    from django.core.management import CommandError, call_command
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["线索编号", "受理日期", "线索来源"])
    workbook.active["XFD1048576"] = "x"
    workbook.save(tmp_path / "bomb.xlsx")

    with pytest.raises(CommandError) as refused:
        call_command("ledger", "import", str(tmp_path / "bomb.xlsx"))

    assert str(refused.value).startswith("bomb.xlsx：") and not Clue.objects.exists()
