"""Who may see a job: its starter, admins, and the roles its kind names."""

from django.db.models import Q, QuerySet
from django.http import Http404

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.jobs import registry
from qingfeng.jobs.models import Job


def can_see(user, job: Job) -> bool:
    if user.role == Role.ADMIN:
        return True
    if job.started_by_id is not None and job.started_by_id == user.id:
        return True
    kind = registry.get(job.kind)
    return kind is not None and user.role in kind.viewer_roles


def visible_jobs(user) -> QuerySet:
    """The jobs `can_see` allows, as one query (the same three conditions)."""
    access.require_staff(user)
    jobs = Job.objects.select_related("started_by")
    if user.role == Role.ADMIN:
        return jobs
    return jobs.filter(Q(started_by_id=user.id) | Q(kind__in=registry.kinds_viewable_by(user.role)))


def access_job_by_id(user, job_id: int) -> Job:
    access.require_staff(user)
    job = Job.objects.select_related("started_by").filter(id=job_id).first()
    if job is None or not can_see(user, job):
        raise Http404
    return job
