"""督办 pages: warnings and notices, the 清零 backlog, handled counts per person."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from qingfeng.clues import supervision
from qingfeng.clues.access import require_supervisor, visible_clues
from qingfeng.clues.models import SupervisionNotice


@login_required
def backlog(request):
    user = require_supervisor(request.user)
    rows = supervision.backlog(visible_clues(user), timezone.localdate())
    return render(request, "clues/backlog.html", {"rows": rows})


@login_required
def warnings(request):
    user = require_supervisor(request.user)
    today = timezone.localdate()
    clues = supervision.warnings(visible_clues(user), today)
    notices = (
        SupervisionNotice.objects.filter(clue__in=visible_clues(user))
        .select_related("clue", "issued_by")[:100]
    )
    return render(request, "clues/supervision.html", {"clues": clues, "notices": notices, "today": today})


@login_required
def staff_stats(request):
    user = require_supervisor(request.user)
    return render(request, "clues/stats.html", {"staff": supervision.staff_counts(user)})
