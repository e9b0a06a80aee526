"""Staff statistics page: the indicators of a date window, with breakdowns and an Excel copy."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qingfeng.crosscheck.confirmation import rate_rows, rates_over_time
from qingfeng.crosscheck.models import HitReview
from qingfeng.engine.rulebook import Rulebook
from qingfeng.reports import indicators
from qingfeng.reports.figures_xlsx import figures_workbook
from qingfeng.reports.scope import stats_accountability, stats_clues
from qingfeng.reports.window import parse_window
from qingfeng.staff.menu import Entry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def stats(request):
    clues, accountability = stats_clues(request.user), stats_accountability(request.user)
    date_from, date_to, errors = parse_window(request.GET)
    totals, breakdowns = indicators.summary(clues, date_from, date_to, accountability=accountability)
    scope_name = request.user.jurisdiction.name
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        figures_workbook(buffer, totals, breakdowns, date_from, date_to, scope_name)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        filename = f"stats-{date_from.isoformat()}-{date_to.isoformat()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    keys = indicators.SECTION_KEYS
    return render(request, "reports/stats.html", {
        "date_from": date_from, "date_to": date_to, "errors": errors, "scope_name": scope_name,
        "sections": [
            (_(title), [(_(indicators.LABELS[k]), k, totals[k]) for k in section_keys])
            for title, section_keys in indicators.SECTIONS
        ],
        "section_heads": [(_(title), len(section_keys)) for title, section_keys in indicators.SECTIONS],
        "tables": [
            (_(indicators.DIMENSION_LABELS[d]), [(indicators.row_label(d, r["key"]), [r[k] for k in keys]) for r in rows])
            for d, rows in breakdowns.items()
        ],
        "labels": [_(indicators.LABELS[k]) for k in keys],
        "confirmation": _confirmation(clues, date_from, date_to),
    })


def _confirmation(clues, date_from, date_to) -> list[dict]:
    """Per rule 核查属实率 of the cross-check clues in view, over the verdicts given in the window."""
    reviews = HitReview.objects.filter(clue__in=clues, reviewed_at__date__gte=date_from, reviewed_at__date__lte=date_to)
    return rate_rows(rates_over_time(reviews), {r.id: r.title for r in Rulebook.load().rules.values()})


def staff_entries(user) -> list[Entry]:
    """Cards for the staff home page."""
    from django.urls import reverse

    from qingfeng.clues.access import CLUE_READERS

    if user.role not in CLUE_READERS:
        return []
    return [
        Entry(reverse("reports:stats"), _("统计报表"), _("受理、办结、立案、处分、追缴等指标")),
        Entry(reverse("reports:period"), _("定期报告"), _("日收集、周汇总、月排查、季分析（PDF、Word、Excel）")),
        Entry(reverse("reports:ledger"), _("台账导入导出"), _("Excel 台账导出、导入")),
    ]
