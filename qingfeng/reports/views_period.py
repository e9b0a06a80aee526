"""Staff periodic reports (ledger.md §7): the page, its charts as PNG, downloads as PDF, Word, Excel.

Scoped like the statistics page (reports.scope): a township officer's report covers their
township; roles that never see clues get 403.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qingfeng.reports.images import scoped_png
from qingfeng.reports.periodic import cells, content, periods
from qingfeng.reports.periodic import render as formats
from qingfeng.reports.periodic.charts import png
from qingfeng.reports.scope import stats_accountability, stats_clues

KIND_LABELS = (("day", gettext_noop("日收集")), ("week", gettext_noop("周汇总")), ("month", gettext_noop("月排查")),
               ("quarter", gettext_noop("季分析")))


def _chosen(query, today) -> tuple[periods.Period, str]:
    """The period of ?period=… (any kind) or ?kind=…&value=…; an empty value is the current one."""
    raw = (query.get("period") or "").strip()
    kind = query.get("kind") if query.get("kind") in periods.KINDS else None
    if not raw and query.get("value", "").strip():
        raw = query["value"].strip()
    if not raw:
        return periods.current(kind or "month", today), ""
    try:
        return periods.parse(raw, kind), ""
    except ValueError as e:
        return periods.current(kind or "month", today), str(e)


def _report(request, period, list_cap=content.LIST_CAP):
    user = request.user
    clues, accountability = stats_clues(user), stats_accountability(user)
    return content.build(period, clues, accountability, user.jurisdiction.name, list_cap=list_cap)


@login_required
def period(request):
    stats_clues(request.user)  # 403 before anything for the roles that never see clues
    today = timezone.localdate()
    chosen, error = _chosen(request.GET, today)
    fmt = request.GET.get("format", "")
    if fmt:
        if error:
            return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
        if fmt not in formats.FORMATS:
            return HttpResponse(_("未知的文件格式：%(format)s") % {"format": fmt}, status=400,
                                content_type="text/plain; charset=utf-8")
        with translation.override(settings.LANGUAGE_CODE):  # the county's files are Chinese, whatever the UI
            report = _report(request, chosen, content.XLSX_LIST_CAP if fmt == "xlsx" else content.LIST_CAP)
            data = formats.render(report, fmt)
        response = HttpResponse(data, content_type=formats.content_type(fmt))
        response["Content-Disposition"] = f'attachment; filename="{formats.filename(report, fmt)}"'
        return response
    context = {
        "kinds": [(k, _(label)) for k, label in KIND_LABELS],
        "kind": chosen.kind, "value": chosen.value, "error": error,
        "current": [(_(label), periods.current(k, today)) for k, label in KIND_LABELS],
    }
    if error:
        return render(request, "reports/period.html", context, status=400)
    report = _report(request, chosen)
    chart_url = reverse("reports:period_chart")
    context |= {
        "report": report,
        "sections": [{
            "key": s.key, "title": s.title, "lines": s.lines,
            "charts": [(c.title, f"{chart_url}?period={chosen.value}&chart={c.name}") for c in s.charts],
            "tables": [_table(t, s.title) for t in s.tables],
        } for s in report.sections],
        "downloads": [(fmt.upper(), f"?period={chosen.value}&format={fmt}") for fmt in formats.FORMATS],
    }
    return render(request, "reports/period.html", context)


def _table(table: content.Table, section_title: str) -> dict:
    return {
        "key": table.key, "title": "" if table.title == section_title else table.title,
        "headings": table.headings, "note": table.note, "numbers_from": table.numbers_from,
        "rows": [{"heading": cells.is_heading_row(row), "cells": [
            (cells.text(v), i >= table.numbers_from) for i, v in enumerate(row)]} for row in table.rows],
    }


@login_required
def period_chart(request):
    stats_clues(request.user)
    chosen, error = _chosen(request.GET, timezone.localdate())
    if error:
        raise Http404(error)
    chart = _report(request, chosen, list_cap=0).chart(request.GET.get("chart", ""))
    if chart is None:
        raise Http404(_("没有这张图表。"))
    return scoped_png(png(chart))
