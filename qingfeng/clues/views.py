"""Clue pages: the list, the detail page, intake. Views parse, authorise, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.clues import forms, listing, supervision, workflow
from qingfeng.clues.access import (
    access_clue_by_id, can_acknowledge, can_register, can_see_reporter, can_supervise, require_clue_reader,
    visible_clues,
)
from qingfeng.clues.actions import do_add_attachment, do_create_clue
from qingfeng.clues.models import Source, Stage, State
from qingfeng.clues.repeats import suggest_repeats
from qingfeng.staff.menu import Entry


@login_required
def clue_list(request):
    user = require_clue_reader(request.user)
    today = timezone.localdate()
    queryset = listing.with_badges(listing.filter_clues(visible_clues(user), request.GET, today), today)
    queryset = queryset.annotate(original_no=F("repeat_of__clue_no"))
    page = Paginator(queryset, listing.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clues/list.html", {
        "page": page, "params": request.GET, "query": listing.query_without_page(request.GET),
        "states": State.choices, "stages": Stage.choices, "sources": Source.choices, "can_register": can_register(user),
        "can_bulk": user.role in workflow.TRANSITIONS["propose"].roles, "bulk_form": forms.BulkTriageForm(),
        "link_filters": [(name, request.GET[name]) for name in listing.LINK_FILTERS if request.GET.get(name)],
    })


@login_required
def clue_detail(request, clue_id: int):
    user = require_clue_reader(request.user)
    clue = access_clue_by_id(user, clue_id)
    today = timezone.localdate()
    # Only what this stage allows this user, the step forward first (退回 is the exception).
    allowed = sorted(workflow.available(clue, user.role), key=lambda t: t.name == "reject")
    transitions = [(t, forms.transition_form(t.name, user, initial={"version": clue.version})) for t in allowed]
    suggestions = []
    if clue.stage == Stage.REGISTERED and not clue.is_repeat and can_register(user):
        suggestions = suggest_repeats(user, clue)
    return render(request, "clues/detail.html", {
        "clue": clue, "badge": supervision.badge(clue, today), "transitions": transitions,
        "timeline": supervision.timeline(clue),
        "attachments": clue.attachments.all(), "notices": clue.notices.select_related("issued_by"),
        "repeats": visible_clues(user).filter(repeat_of=clue), "suggestions": suggestions,
        "can_see_reporter": can_see_reporter(user, clue), "can_supervise": can_supervise(user),
        "can_acknowledge": can_acknowledge(user, clue),
        "reassign_form": forms.ReassignForm(initial={"version": clue.version}),
        "notice_form": forms.NoticeForm(), "attachment_form": forms.AttachmentForm(),
        "missing_items": workflow.missing_close_items(clue, {i: False for i in workflow.FIVE_ITEMS}),
    })


@login_required
def intake(request):
    user = require_clue_reader(request.user)
    if not can_register(user):
        raise PermissionDenied
    initial = {"channel": request.GET.get("channel", "")}
    if request.GET.get("source") in Source.values:
        initial["source"] = request.GET["source"]
    if request.GET.get("market_day", "").isdigit():
        initial["market_day"] = int(request.GET["market_day"])  # from a 赶集日举报点's page
    if "pick_township" in request.POST:
        # Without JavaScript, 「选择乡镇」 comes back here: the same form, unchecked, with that township's villages.
        form = forms.IntakeForm(user, initial=request.POST.dict())
        return render(request, "clues/intake.html", {"form": form})
    form = forms.IntakeForm(user, request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            clue, _created = do_create_clue(acting_user=user, **form.action_kwargs())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if form.cleaned_data.get("attachment"):
                do_add_attachment(clue.id, acting_user=user, upload=form.cleaned_data["attachment"])
            messages.success(request, _("已登记线索 %(no)s。") % {"no": clue.clue_no})
            return redirect("clues:detail", clue_id=clue.id)
    return render(request, "clues/intake.html", {"form": form})


def staff_entries(user) -> list[Entry]:
    """Cards of the clue pages for the staff home page, by role."""
    from django.urls import reverse

    from qingfeng.clues.access import CLUE_READERS, SUPERVISORS

    entries = []
    if user.role in CLUE_READERS:
        entries.append(Entry(reverse("clues:list"), _("问题线索台账"), _("线索登记、处置、办理、办结")))
    if can_register(user):
        entries.append(Entry(reverse("clues:intake"), _("登记线索"), _("来信、来访、电话、短信、举报箱及移送交办")))
    if user.role in SUPERVISORS:
        entries.append(Entry(reverse("clues:backlog"), _("清零台账"), _("未办结线索及已用工作日")))
        entries.append(Entry(reverse("clues:supervision"), _("督办预警"), _("临期、超期及督办通知")))
        entries.append(Entry(reverse("clues:stats"), _("办件统计"), _("每名干部办结、在办件数")))
    return entries
