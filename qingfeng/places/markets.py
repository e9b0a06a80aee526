"""赶集日举报点 (market-day intake points): who may see and keep them, and their audited changes.

A point is a township's market; a market day is a date it was staffed, which a 来访 clue taken
there names (Clue.market_day). 信访室 and leadership (`KEEPERS`) set up points and their days;
township officers and 片区 leaders read those of their jurisdiction; the administrator reads
all. Other roles: 403; out of scope: 404. The pages (with the clue counts by point, which
need the clues) are the report boxes' (qingfeng.boxes.views).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.audit.trail import record, snapshot
from qingfeng.core.text import forbidden_character
from qingfeng.places.models import Jurisdiction, MarketDay, MarketPoint

KEEPERS = {Role.INTAKE, Role.LEADERSHIP}
READERS = KEEPERS | {Role.ADMIN, Role.AREA_LEADER, Role.TOWNSHIP}
NAME_MAX = 60


def require_reader(user):
    return access.require_role(user, *READERS)


def require_keeper(user):
    return access.require_role(user, *KEEPERS)


def is_keeper(user) -> bool:
    return access.is_staff(user) and user.role in KEEPERS


def visible_points(user) -> QuerySet:
    require_reader(user)
    return access.scope(user, MarketPoint.objects.select_related("township"), "township__path")


def access_point_by_id(user, point_id: int, *, for_update: bool = False) -> MarketPoint:
    return access.one_visible(visible_points(user), point_id, for_update=for_update)


def _name(value) -> str:
    name = (value or "").strip()
    if not name:
        raise ValidationError({"name": _("此项必填。")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("最多 %(n)s 个字。") % {"n": NAME_MAX}})
    if forbidden_character(name):
        raise ValidationError({"name": _("不能含有控制字符。")})
    return name


def do_add_point(*, acting_user, township: Jurisdiction, name: str) -> MarketPoint:
    """A 赶集日举报点: a township's market. A second point of one name in one township is refused,
    also when two keepers add it at once (the unique constraint decides, the loser is told)."""
    require_keeper(acting_user)
    if township is None or township.level != Jurisdiction.Level.TOWNSHIP:
        raise ValidationError({"township": _("请选择乡镇。")})
    name = _name(name)
    with transaction.atomic():
        point = _create_once(MarketPoint, {"name": _("该乡镇已有同名的举报点。")}, township=township, name=name)
        record(acting_user, "market_point.add", point, after=snapshot(point, ("township_id", "name")))
    return point


def do_add_market_day(point_id: int, *, acting_user, day: date) -> MarketDay:
    """A market day the point is (or was) staffed; 来访 clues taken there name it. The same day twice
    is refused, also when two keepers add it at once."""
    require_keeper(acting_user)
    if day is None:
        raise ValidationError({"day": _("此项必填。")})
    with transaction.atomic():
        point = access_point_by_id(acting_user, point_id, for_update=True)
        market_day = _create_once(MarketDay, {"day": _("该举报点已登记这一天。")}, point=point, day=day)
        record(acting_user, "market_day.add", market_day, after={"point_id": point.id, "day": day.isoformat()})
    return market_day


def _create_once(model, duplicate: dict, **fields):
    """The new row, or ValidationError(`duplicate`) when its unique constraint already holds one
    (also the one a concurrent request created a moment ago: the savepoint keeps the transaction)."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError:
        raise ValidationError(duplicate) from None
