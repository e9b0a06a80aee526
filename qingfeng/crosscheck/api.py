"""JSON API of cross-check runs and background jobs (read-only; runs start from the web form)."""

from datetime import datetime

from ninja import Router, Schema

from qingfeng.core.server_paths import file_name, without_server_paths
from qingfeng.crosscheck.access import access_run_by_id, visible_runs
from qingfeng.jobs.access import access_job_by_id
from qingfeng.web.pagination import paginated

router = Router(tags=["crosscheck"])


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress_text: str
    progress_percent: int
    created_at: datetime
    finished_at: datetime | None
    error: str

    # The queue stores messages without server paths (jobs.queue.error_text); jobs that
    # failed before it did still hold them, so the API strips them on the way out too.
    @staticmethod
    def resolve_error(obj):
        return without_server_paths(obj.error)

    @staticmethod
    def resolve_progress_text(obj):
        return without_server_paths(obj.progress_text)


class RunOut(Schema):
    id: int
    label: str
    job_id: int
    status: str
    bundle_dir: str
    hits: int
    new_hits: int
    gone_hits: int
    clues_created: int
    clues_known: int
    rule_counts: dict
    imports: dict

    @staticmethod
    def resolve_status(obj):
        return obj.job.status

    @staticmethod
    def resolve_bundle_dir(obj):
        return obj.bundle_name

    @staticmethod
    def resolve_imports(obj):
        return {key: {**summary, "source": file_name(summary.get("source", ""))} for key, summary in obj.imports.items()}


@router.get("/crosscheck/runs", response=list[RunOut])
@paginated
def list_runs(request):
    """Runs, newest first: `{"items": [...], "count": total}` (limit/offset)."""
    return visible_runs(request.user)


@router.get("/crosscheck/runs/{run_id}", response=RunOut)
def get_run(request, run_id: int):
    return access_run_by_id(request.user, run_id)


@router.get("/jobs/{job_id}", response=JobOut, tags=["jobs"])
def get_job(request, job_id: int):
    return access_job_by_id(request.user, job_id)
