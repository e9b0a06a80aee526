"""The inbox page (待办提醒), its home panel and menu entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.inbox import service
from qingfeng.inbox.actions import do_mark_seen
from qingfeng.inbox.calendar.actions import can_keep_calendar
from qingfeng.staff.menu import Entry
from qingfeng.staff.panels import Panel
from qingfeng.web.view_errors import errors_as_messages

PANEL_ROWS = 5


def staff_entries(user) -> list[Entry]:
    if not access.is_staff(user):
        return []
    entries = [Entry(reverse("inbox:index"), _("待办提醒"), _("临期和超期的时限、督办通知、待处置的比对线索"))]
    if can_keep_calendar(user):
        entries.append(Entry(reverse("inbox:calendar"), _("工作日历"), _("导入每年的节假日和调休安排")))
    return entries


def home_panels(request) -> list[Panel]:
    inbox = service.for_request(request)
    if not inbox.total:
        return []
    return [Panel("inbox/panel.html", {"inbox": inbox, "rows": inbox.reminders[:PANEL_ROWS],
                                       "more": max(inbox.total - PANEL_ROWS, 0)})]


@login_required
def index(request):
    user = access.require_staff(request.user)
    if request.method == "POST":
        with errors_as_messages(request, ""):
            do_mark_seen(service.for_request(request).reminders, request.POST.get("identity", ""), acting_user=user)
            messages.success(request, _("已标为已读。"))
        return redirect("inbox:index")
    inbox = service.for_request(request)
    return render(request, "inbox/index.html", {
        "inbox": inbox, "rows": [(r, service.can_dismiss(r)) for r in inbox.reminders],
    })
