"""The gatekeeper: what a staff user may see and change.

Every staff view and API endpoint obtains protected objects through these
functions; none looks one up directly. A user sees their own jurisdiction and
everything below it; objects outside it are reported as not found, so that a
probe cannot even learn that they exist.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from qingfeng.accounts.models import Role, User
from qingfeng.places.models import Household, Jurisdiction

COUNTY_WIDE = {Role.INTAKE, Role.LEADERSHIP, Role.ADMIN, Role.DEPARTMENT}


def is_staff(user) -> bool:
    """A signed-in user with a role and a jurisdiction."""
    return bool(user.is_authenticated and user.role and user.jurisdiction_id is not None)


def require_staff(user) -> User:
    if not is_staff(user):
        raise PermissionDenied
    return user


def require_role(user, *roles: str) -> User:
    require_staff(user)
    if user.role not in roles:
        raise PermissionDenied
    return user


def root_path(user) -> str:
    return require_staff(user).jurisdiction.path


def in_scope(user, jurisdiction: Jurisdiction | None) -> bool:
    if jurisdiction is None:
        return False
    return jurisdiction.path.startswith(root_path(user))


def scope(user, queryset: QuerySet, path_field: str) -> QuerySet:
    """Restrict `queryset` to rows whose jurisdiction path lies in the user's jurisdiction."""
    return queryset.filter(**{f"{path_field}__startswith": root_path(user)})


def visible_jurisdictions(user) -> QuerySet:
    return scope(user, Jurisdiction.objects.all(), "path")


def access_jurisdiction_by_code(user, code: str) -> Jurisdiction:
    try:
        return visible_jurisdictions(user).get(code=code)
    except Jurisdiction.DoesNotExist:
        raise Http404 from None


def one_visible(queryset: QuerySet, object_id: int, *, for_update: bool = False):
    """The object `object_id` of a user's `queryset` (a visible_* result), locked when
    `for_update` (its own row only); out of scope is 404, never 403."""
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(id=object_id)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def visible_households(user) -> QuerySet:
    return scope(user, Household.objects.select_related("village"), "village__path")


def access_household_by_id(user, household_id: int, *, for_update: bool = False) -> Household:
    return one_visible(visible_households(user), household_id, for_update=for_update)


def can_edit_household(user) -> bool:
    return user.role in {Role.TOWNSHIP, Role.VILLAGE, Role.AREA_LEADER, Role.ADMIN}
