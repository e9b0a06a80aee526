"""The background job queue: race-free claims, restart survival, recorded failures, a status page."""

import threading
import time

import pytest
from django.db import OperationalError

from qingfeng.jobs import queue, registry, worker
from qingfeng.jobs.models import Job

CALLS = []


@registry.register("test.echo", title="回显")
def _echo(job, progress):
    progress("半程", 50)
    CALLS.append(job.id)
    return {"echo": job.params.get("text")}


@registry.register("test.fail", title="必败")
def _fail(job, progress):
    raise ValueError("roll.csv 第 3 行，列 证件号码：格式错误")


@registry.register("test.slow", title="慢任务")
def _slow(job, progress):
    before = Job.objects.get(id=job.id).heartbeat_at
    time.sleep(0.4)  # a long step that reports no progress
    return {"heartbeat_moved": Job.objects.get(id=job.id).heartbeat_at > before}


def test_of_two_claims_on_one_job_only_one_wins(db):
    job = queue.enqueue("test.echo", {"text": "x"})

    assert queue.try_claim(job.id, "worker-a") is True
    assert queue.try_claim(job.id, "worker-b") is False
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.worker == "worker-a" and job.attempts == 1


def test_two_workers_claiming_from_the_queue_get_different_jobs(db):
    first, second = queue.enqueue("test.echo"), queue.enqueue("test.echo")

    a, b, c = queue.claim_next("worker-a"), queue.claim_next("worker-b"), queue.claim_next("worker-c")

    assert {a.id, b.id} == {first.id, second.id} and c is None


def test_a_job_runs_to_done_with_its_result_and_progress(db):
    job = queue.enqueue("test.echo", {"text": "你好"})

    done = queue.run_once("worker-a")

    assert done.id == job.id and done.status == Job.Status.DONE
    assert done.result == {"echo": "你好"} and done.progress_percent == 100 and done.finished_at
    assert queue.run_once("worker-a") is None  # nothing left


def test_a_failed_job_records_its_error_and_the_next_job_still_runs(db):
    bad, good = queue.enqueue("test.fail"), queue.enqueue("test.echo", {"text": "ok"})

    assert queue.run_once("w").id == bad.id
    assert queue.run_once("w").id == good.id

    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == Job.Status.FAILED and "第 3 行" in bad.error and "证件号码" in bad.error
    assert good.status == Job.Status.DONE


def test_a_running_job_without_heartbeat_is_requeued_and_run_again(db):
    job = queue.enqueue("test.echo", {"text": "again"})
    queue.try_claim(job.id, "dead-worker")
    Job.objects.filter(id=job.id).update(heartbeat_at=job.created_at - queue.STALE_AFTER * 2)

    assert queue.requeue_stale() == 1
    done = queue.run_once("live-worker")

    assert done.id == job.id and done.status == Job.Status.DONE and done.attempts == 2
    assert done.worker == "live-worker"


def test_a_fresh_running_job_is_left_alone(db):
    job = queue.enqueue("test.echo")
    queue.try_claim(job.id, "busy-worker")

    assert queue.requeue_stale() == 0
    assert Job.objects.get(id=job.id).status == Job.Status.RUNNING


def test_a_job_that_keeps_losing_its_worker_is_failed_after_the_last_attempt(db):
    job = queue.enqueue("test.echo")
    Job.objects.filter(id=job.id).update(status=Job.Status.RUNNING, attempts=queue.MAX_ATTEMPTS,
                                         heartbeat_at=job.created_at - queue.STALE_AFTER * 2)

    queue.requeue_stale()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and str(queue.MAX_ATTEMPTS) in job.error


def test_an_unknown_kind_cannot_be_enqueued(db):
    with pytest.raises(ValueError):
        queue.enqueue("no.such.kind")


def test_the_worker_loop_runs_queued_jobs_until_stopped(transactional_db):
    job = queue.enqueue("test.echo", {"text": "loop"})
    stop = threading.Event()
    thread = threading.Thread(target=worker.work, args=(stop, 0.05))
    thread.start()
    try:
        for _ in range(200):
            try:
                if Job.objects.get(id=job.id).status == Job.Status.DONE:
                    break
            except OperationalError:  # the test database is in-memory SQLite, shared with the worker's
                pass                  # thread: a read while it writes finds the table locked (no busy wait)
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(5)
    assert Job.objects.get(id=job.id).status == Job.Status.DONE
    assert not thread.is_alive()


def test_a_long_silent_step_keeps_its_heartbeat_fresh(transactional_db, monkeypatch):
    monkeypatch.setattr(queue, "HEARTBEAT_SECONDS", 0.05)
    queue.enqueue("test.slow")

    assert queue.run_once("w").result == {"heartbeat_moved": True}


def test_the_job_page_refreshes_itself_while_the_job_runs(world, login):
    job = queue.enqueue("test.echo", {"text": "x"}, world.erin)
    client = login(world.erin)

    page = client.get(f"/staff/jobs/{job.id}/")
    assert page.status_code == 200 and b'http-equiv="refresh"' in page.content

    queue.run_once("w")
    page = client.get(f"/staff/jobs/{job.id}/")
    assert b'http-equiv="refresh"' not in page.content and "已完成" in page.content.decode()


def test_another_users_job_is_not_found(world, login):
    job = queue.enqueue("test.echo", {}, world.erin)

    assert login(world.alice).get(f"/staff/jobs/{job.id}/").status_code == 404
    assert login(world.admin).get(f"/staff/jobs/{job.id}/").status_code == 200
