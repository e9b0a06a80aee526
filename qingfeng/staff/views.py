from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.core.versioning import Conflict
from qingfeng.staff import menu, panels
from qingfeng.staff.actions import NOTE_MAX_LENGTH, do_update_household_note


def staff_entries(user) -> list[menu.Entry]:
    """The household register: every staff role may read its own jurisdiction's households."""
    return [menu.Entry(reverse("staff:households"), _("建档立卡户"), _("辖区内的保障对象家庭及成员"))]


@login_required
def home(request):
    user = access.require_staff(request.user)
    place = user.jurisdiction
    children = list(access.visible_jurisdictions(user).filter(parent=place).annotate(n_children=Count("children")))
    per_village = (
        access.visible_households(user).values_list("village__path").annotate(n=Count("id")).order_by()
    )
    for child in children:  # households live in villages: sum each child's subtree
        child.n_households = sum(n for path, n in per_village if path.startswith(child.path))
    return render(request, "staff/home.html", {
        "place": place, "children": children, "ancestors": place.ancestors(), "staff_entries": menu.entries_for(user),
        "panels": panels.panels_for(request),
    })


@login_required
def households(request):
    user = access.require_staff(request.user)
    queryset = access.visible_households(user)
    place_code = request.GET.get("place")
    place = access.access_jurisdiction_by_code(user, place_code) if place_code else user.jurisdiction
    queryset = queryset.filter(village__path__startswith=place.path)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "staff/households.html", {"page": page, "place": place})


@login_required
def household(request, household_id: int):
    user = access.require_staff(request.user)
    if request.method == "POST":
        try:
            do_update_household_note(
                household_id, acting_user=user, note=request.POST.get("note", ""),
                expected_version=int(request.POST.get("version", 0)),
            )
            messages.success(request, _("已保存。"))
        except Conflict:
            messages.error(request, _("保存失败：该记录已被他人修改，请核对最新内容后重新提交。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("staff:household", household_id=household_id)
    obj = access.access_household_by_id(user, household_id)
    return render(request, "staff/household.html", {
        "household": obj, "members": obj.members.all(), "can_edit": access.can_edit_household(user),
        "note_max_length": NOTE_MAX_LENGTH,
    })
