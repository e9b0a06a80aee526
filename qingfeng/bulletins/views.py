"""Staff pages of the monthly bulletin: list and draft, detail, edit, approve, issue, files.

Views parse, authorise (bulletins.access), call the actions and render; an issued
bulletin's files are served exactly as stored at issue.
"""

from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qingfeng.accounts import access as accounts_access
from qingfeng.bulletins import access, actions, content, docx, drafting, pdf, public
from qingfeng.bulletins.forms import BulletinForm, IssueForm, ItemForm, MonthForm
from qingfeng.bulletins.models import Bulletin
from qingfeng.core.versioning import Conflict
from qingfeng.staff.menu import Entry
from qingfeng.web.view_errors import form_errors_text

CONFLICT = gettext_lazy("通报已被他人修改，请刷新页面后重试。")
FILES = {
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("pdf", "application/pdf", "pdf"),
    "public": ("public_pdf", "application/pdf", "pdf"),
}


def staff_entries(user) -> list[Entry]:
    if not access.can_read(user):
        return []
    return [Entry(reverse("bulletins:index"), _("典型案例通报"), _("一月一通报：起草、审定、印发，曝光台公开"))]


@contextmanager
def _refusals(request):
    try:
        yield
    except Conflict:
        messages.error(request, CONFLICT)
    except actions.BulletinError as exc:
        messages.error(request, str(exc))


@login_required
def index(request):
    user = access.require_reader(request.user)
    form = MonthForm(request.POST or None)
    if request.method == "POST":
        access.require_drafter(user)
        if form.is_valid():
            year, month = form.cleaned_data["month"]
            with _refusals(request):
                bulletin = actions.do_draft_bulletin(year, month, acting_user=user)
                messages.success(request, _("已起草 %(year)s年%(month)s月的通报。") % {"year": year, "month": month})
                return redirect("bulletins:detail", bulletin.id)
        else:
            messages.error(request, form_errors_text(form))
    bulletins = access.visible_bulletins(user).only(
        "id", "year", "month", "status", "title", "document_no", "issued_on")
    return render(request, "bulletins/index.html", {
        "bulletins": bulletins, "form": form, "can_draft": access.can_draft(user)})


def _bulletin(request, bulletin_id: int) -> Bulletin:
    accounts_access.require_staff(request.user)
    return access.access_bulletin_by_id(request.user, bulletin_id)


@login_required
def detail(request, bulletin_id: int):
    bulletin = _bulletin(request, bulletin_id)
    user = request.user
    items = actions.included_items(bulletin) if bulletin.is_issued else list(bulletin.items.all())
    editor = access.can_edit(user) and not bulletin.is_issued
    issue_form = None
    if editor and bulletin.status == Bulletin.Status.APPROVED:
        issue_form = IssueForm(initial={"version": bulletin.version}, items=actions.included_items(bulletin))
    return render(request, "bulletins/detail.html", {
        "bulletin": bulletin, "items": items, "editor": editor, "issue_form": issue_form,
        "can_refresh": access.can_draft(user) and not bulletin.is_issued,
        "totals_text": drafting.totals_text(bulletin.totals) if bulletin.totals else "",
    })


@login_required
def edit(request, bulletin_id: int):
    access.require_editor(request.user)
    bulletin = _bulletin(request, bulletin_id)
    if bulletin.is_issued:
        messages.error(request, _("通报 %(no)s 已印发，不能再修改。") % {"no": bulletin.document_no})
        return redirect("bulletins:detail", bulletin.id)
    items = list(bulletin.items.all())
    data = request.POST if request.method == "POST" else None
    form = BulletinForm(data, initial={
        "version": bulletin.version, "title": bulletin.title, "addressee": bulletin.addressee,
        "preface": bulletin.preface, "closing": bulletin.closing})
    item_forms = [(item, ItemForm(data, prefix=f"item-{item.id}", initial={
        "included": item.included, "position": item.position, "post": item.post, "facts": item.facts,
        "measure_text": item.measure_text})) for item in items]
    if data is not None:
        if form.is_valid() and all(f.is_valid() for _item, f in item_forms):
            edits = [actions.ItemEdit(item_id=item.id, **f.cleaned_data) for item, f in item_forms]
            with _refusals(request):
                actions.do_update_bulletin(
                    bulletin.id, acting_user=request.user, expected_version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"], addressee=form.cleaned_data["addressee"],
                    preface=form.cleaned_data["preface"], closing=form.cleaned_data["closing"], items=edits)
                messages.success(request, _("通报已保存。"))
                return redirect("bulletins:detail", bulletin.id)
        else:
            messages.error(request, _("请改正下面标出的错误。"))
    return render(request, "bulletins/edit.html", {"bulletin": bulletin, "form": form, "item_forms": item_forms})


@login_required
@require_POST
def refresh(request, bulletin_id: int):
    access.require_drafter(request.user)
    bulletin = _bulletin(request, bulletin_id)
    with _refusals(request):
        actions.do_draft_bulletin(bulletin.year, bulletin.month, acting_user=request.user)
        messages.success(request, _("已按本月的处理人员更新案例。"))
    return redirect("bulletins:detail", bulletin.id)


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
@require_POST
def approve(request, bulletin_id: int):
    access.require_editor(request.user)
    bulletin = _bulletin(request, bulletin_id)
    with _refusals(request):
        actions.do_approve_bulletin(bulletin.id, acting_user=request.user, expected_version=_version(request))
        messages.success(request, _("通报已审定。"))
    return redirect("bulletins:detail", bulletin.id)


@login_required
@require_POST
def issue(request, bulletin_id: int):
    access.require_editor(request.user)
    bulletin = _bulletin(request, bulletin_id)
    form = IssueForm(request.POST, items=actions.included_items(bulletin))
    if not form.is_valid():
        messages.error(request, _("请为每个案例选择曝光台上姓名的公开方式。"))
        return redirect("bulletins:detail", bulletin.id)
    with _refusals(request):
        issued = actions.do_issue_bulletin(bulletin.id, acting_user=request.user,
                                           expected_version=form.cleaned_data["version"], name_shown=form.name_shown())
        messages.success(request, _("通报 %(no)s 已印发。") % {"no": issued.document_no})
    return redirect("bulletins:detail", bulletin.id)


@login_required
def download(request, bulletin_id: int, kind: str):
    """An issued bulletin's stored file; a draft's preview (rendered now, marked as a draft)."""
    bulletin = _bulletin(request, bulletin_id)
    if kind not in FILES:
        raise Http404
    field, content_type, extension = FILES[kind]
    if bulletin.is_issued:
        data = bytes(getattr(bulletin, field))
    else:
        if not access.can_draft(request.user):
            raise PermissionDenied
        items = actions.included_items(bulletin)
        mask = public.masker(list(bulletin.items.all())) if kind == "public" else None
        preview = content.build(bulletin, items, mask=mask)
        data = docx.render(preview) if kind == "docx" else pdf.render(preview)
    suffix = "-public" if kind == "public" else ("" if bulletin.is_issued else "-draft")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="bulletin-{bulletin.year}-{bulletin.month:02d}{suffix}.{extension}"')
    return response
