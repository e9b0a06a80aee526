"""Who may see a job: its starter, admins, and the roles its kind names."""

from django.db.models import Q, QuerySet
from django.http import Http404

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.jobs import registry
from qingfeng.jobs.models import Job


def visible_jobs(user) -> QuerySet:
    """The jobs `user` may see, as one query."""
    access.require_staff(user)
    jobs = Job.objects.select_related("started_by")
    if user.role == Role.ADMIN:
        return jobs
    return jobs.filter(Q(started_by_id=user.id) | Q(kind__in=registry.kinds_viewable_by(user.role)))


def access_job_by_id(user, job_id: int) -> Job:
    job = visible_jobs(user).filter(id=job_id).first()
    if job is None:
        raise Http404
    return job
