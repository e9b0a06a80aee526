from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qingfeng.clues.access import visible_clues
from qingfeng.crosscheck import bundles
from qingfeng.crosscheck.access import RUNNERS, access_run_by_id, can_use_server_directory, require_runner, visible_runs
from qingfeng.crosscheck import confirmation
from qingfeng.crosscheck.actions import do_start_run
from qingfeng.crosscheck.models import CrosscheckRun, HitException
from qingfeng.engine.rulebook import Rulebook
from qingfeng.engine.schema import REGISTRIES
from qingfeng.staff.menu import Entry

PAGE_SIZE = 50


def staff_entries(user) -> list[Entry]:
    from django.urls import reverse

    if user.role not in RUNNERS:
        return []
    return [Entry(reverse("crosscheck:runs"), _("大数据比对"), _("上传登记表数据包，运行比对规则，命中转为问题线索"))]


def _as_of(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise bundles.BundleUploadError(_("比对基准日格式应为 YYYY-MM-DD。")) from None


@login_required
def runs(request):
    user = require_runner(request.user)
    if request.method == "POST":
        server_dir = request.POST.get("server_dir", "").strip()
        try:
            as_of = _as_of(request.POST.get("as_of", ""))
            if server_dir:
                if not can_use_server_directory(user):
                    raise PermissionDenied
                path, origin = bundles.server_directory(server_dir), CrosscheckRun.Origin.SERVER
            else:
                path, origin = bundles.save_upload(request.FILES.getlist("files")), CrosscheckRun.Origin.UPLOAD
        except bundles.BundleUploadError as err:
            messages.error(request, str(err))
            return redirect("crosscheck:runs")
        run = do_start_run(acting_user=user, bundle_dir=path, origin=origin, as_of=as_of,
                           label=request.POST.get("label", "").strip()[:200])
        messages.success(request, _("比对任务已提交，正在后台运行。"))
        return redirect("jobs:detail", job_id=run.job_id)
    page = Paginator(visible_runs(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crosscheck/runs.html", {
        "page": page, "can_use_server_directory": can_use_server_directory(user),
        "registries": [(key, reg.zh) for key, reg in REGISTRIES.items()],
    })


@login_required
def run_detail(request, run_id: int):
    user = request.user
    run = access_run_by_id(user, run_id)
    book = Rulebook.load()
    rules = [{"id": rid, "title": book.rules[rid].title if rid in book.rules else "", "count": n}
             for rid, n in sorted(run.rule_counts.items())]
    created_ids = run.run_hits.filter(created=True).values("clue_id")
    clues = visible_clues(user).filter(id__in=created_ids).order_by("id")
    imports = [{"key": key, "zh": REGISTRIES[key].zh if key in REGISTRIES else key, **rep}
               for key, rep in run.imports.items()]
    return render(request, "crosscheck/run.html", {
        "run": run, "job": run.job, "rules": rules, "imports": imports,
        "missing": [(k, REGISTRIES[k].zh) for k in run.missing if k in REGISTRIES],
        "skipped": [(rid, reason) for rid, reason in sorted(run.skipped.items())],
        "clues": Paginator(clues, 100).get_page(request.GET.get("page")),
        "run_rates": confirmation.rates_of_run(run), "all_rates": confirmation.rates_over_time(),
        "excluded": _excluded_with_exceptions(run),
    })


def _excluded_with_exceptions(run) -> list[dict]:
    """The run's excluded hits, each with the exception (who, why, until) that left it out."""
    found = HitException.objects.select_related("created_by").in_bulk([x["exception"] for x in run.excluded])
    return [{"key": x["key"], "rule": x["rule"], "exception": found.get(x["exception"])} for x in run.excluded]


@login_required
def rule_catalogue(request):
    require_runner(request.user)
    rules = list(Rulebook.load().rules.values())
    return render(request, "crosscheck/rules.html", {"rules": rules, "confirmation": confirmation.rates_over_time()})
