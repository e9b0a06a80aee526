"""A township officer uploads a village's books and bank statements; the import and the
village finance rules (R14–R18) run as a background job; its report lists rejected rows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.crosscheck import bundles
from qingfeng.crosscheck.village_upload import (can_upload, do_start_village_run, save_village_upload,
                                                visible_village_runs)
from qingfeng.engine.schema import REGISTRIES
from qingfeng.villages import access as village_access


@login_required
def finance(request, code: str):
    user = request.user
    place = village_access.access_village_by_code(user, code)
    may_upload = can_upload(user, place)
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied
        try:
            path = save_village_upload(request.FILES.getlist("files"))
        except bundles.BundleUploadError as err:
            messages.error(request, str(err))
            return redirect("villages:finance", code=code)
        run = do_start_village_run(place, acting_user=user, bundle_dir=path)
        messages.success(request, _("已上传，正在后台导入并比对。"))
        return redirect("jobs:detail", job_id=run.job_id)
    if not (may_upload or village_access.can_oversee(user)):
        raise PermissionDenied
    runs = Paginator(visible_village_runs(user, place), 20).get_page(request.GET.get("page"))
    return render(request, "villages/finance.html", {"village": place, "may_upload": may_upload, "page": runs})


def _file_row(rep: dict, problem: dict) -> str | int:
    """The row of a problem, with its file when the registry came in several files."""
    if len(rep.get("files", [])) > 1 and problem.get("file"):
        return _("%(file)s 第 %(row)s 行") % {"file": problem["file"], "row": problem["row"]}
    return problem["row"]


@login_required
def finance_run(request, code: str, run_id: int):
    user = request.user
    place = village_access.access_village_by_code(user, code)
    if not (can_upload(user, place) or village_access.can_oversee(user)):
        raise PermissionDenied
    run = access.one_visible(visible_village_runs(user, place), run_id)
    imports = [{"key": key, "zh": REGISTRIES[key].zh if key in REGISTRIES else key, **rep,
                "rows": [(_file_row(rep, p), p["column"], p["reason"]) for p in rep.get("problems", [])]}
               for key, rep in run.imports.items()]
    return render(request, "villages/finance_run.html", {
        "village": place, "run": run, "job": run.job, "imports": imports,
        "rules": sorted(run.rule_counts.items()),
    })
