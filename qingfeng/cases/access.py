"""Who may see cases and record outcomes (cases, persons handled, refunds, corrections).

Built on qingfeng.clues.access: a case, a measure or a refund is in a user's sight
exactly when its clue is (out of scope: 404). Recording outcomes is for the roles
that investigate — 片区 leaders and case handlers, township officers (their own
township's clues) and the leadership (all); any other role gets 403 before a lookup.
"""

from django.db.models import QuerySet
from django.http import Http404

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.cases.models import Case, Measure, Refund
from qingfeng.clues.access import access_clue_by_id, require_clue_reader, visible_clues
from qingfeng.clues.models import Clue

OUTCOME_RECORDERS = {Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP, Role.LEADERSHIP}


def can_record_outcomes(user) -> bool:
    return user.role in OUTCOME_RECORDERS


def require_outcome_recorder(user):
    return access.require_role(user, *OUTCOME_RECORDERS)


def visible_cases(user) -> QuerySet:
    """The cases of the clues the user may see."""
    return Case.objects.select_related("clue", "clue__owner", "clue__township").filter(
        clue__in=visible_clues(user).values("id"))


def access_case_by_id(user, case_id: int, *, for_update: bool = False) -> Case:
    return access.one_visible(visible_cases(user), case_id, for_update=for_update)


def access_clue_for_outcomes(user, clue_id: int, *, for_update: bool = False) -> Clue:
    """A clue whose outcomes `user` may record: 403 for a role that never does, 404 out of scope."""
    require_outcome_recorder(user)
    return access_clue_by_id(user, clue_id, for_update=for_update)


def access_case_for_outcomes(user, case_id: int, *, for_update: bool = False) -> Case:
    require_outcome_recorder(user)
    return access_case_by_id(user, case_id, for_update=for_update)


def visible_measures(user) -> QuerySet:
    require_clue_reader(user)
    return Measure.objects.filter(clue__in=visible_clues(user).values("id"))


def access_measure_by_id(user, measure_id: int, *, for_update: bool = False) -> Measure:
    return access.one_visible(visible_measures(user), measure_id, for_update=for_update)


def access_measure_for_outcomes(user, measure_id: int, *, for_update: bool = False) -> Measure:
    require_outcome_recorder(user)
    return access_measure_by_id(user, measure_id, for_update=for_update)


def access_refund_for_outcomes(user, refund_id: int) -> Refund:
    require_outcome_recorder(user)
    try:
        return Refund.objects.select_related("measure").get(
            id=refund_id, measure__in=visible_measures(user).values("id"))
    except Refund.DoesNotExist:
        raise Http404 from None


def households_for_refunds(user, clue: Clue) -> QuerySet:
    """Roll households a refund of `clue` may name: of its village, else of its township, and
    only those the user may see (none when the clue names no place)."""
    place = clue.village or clue.township
    if place is None:
        return access.visible_households(user).none()
    return access.visible_households(user).filter(village__path__startswith=place.path).order_by("household_no")
