from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from qingfeng.jobs import registry
from qingfeng.jobs.access import access_job_by_id, visible_jobs

REFRESH_SECONDS = 2
PAGE_SIZE = 50


@login_required
def job_list(request):
    jobs = visible_jobs(request.user)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    active = any(job.is_active for job in page.object_list)
    return render(request, "jobs/list.html", {"page": page, "refresh": REFRESH_SECONDS if active else None})


@login_required
def job_detail(request, job_id: int):
    job = access_job_by_id(request.user, job_id)
    kind = registry.get(job.kind)
    return render(request, "jobs/detail.html", {
        "job": job, "title": kind.title if kind else job.kind,
        "refresh": REFRESH_SECONDS if job.is_active else None,
        "next_url": (job.result or {}).get("url") if isinstance(job.result, dict) else None,
    })
