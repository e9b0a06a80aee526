"""Audited changes of campaigns: define, change, tag clues.

`do_create_campaign` / `do_change_campaign` are leadership's (campaigns.access);
`do_tag_clues` tags or un-tags clues the acting user can see, each clue's change one
entry of its own history ("campaign.tag", written together with `record_many`), so
a clue's audit trail tells when and by whom it entered or left a campaign.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, record_many, snapshot
from qingfeng.cases.campaigns.access import access_campaign_by_id, can_define, can_tag
from qingfeng.cases.models import Campaign
from qingfeng.clues.access import visible_clues
from qingfeng.clues.models import CATEGORIES, Clue
from qingfeng.clues.validation import EARLIEST
from qingfeng.core.text import forbidden_character
from qingfeng.core.versioning import Conflict, check_version, save_changes
from qingfeng.engine.rulebook import Rulebook

__all__ = ["Conflict", "TagOutcome", "do_change_campaign", "do_create_campaign", "do_tag_clues"]

FIELDS = ("name", "year", "quarter", "scope", "rules", "categories")
NAME_MAX = Campaign._meta.get_field("name").max_length
SCOPE_MAX = Campaign._meta.get_field("scope").max_length


def known_rules() -> list[str]:
    """Rule ids of the cross-check catalogue, in its order."""
    return list(Rulebook.load().rules)


def _checked(values: dict, *, campaign_id: int | None = None) -> dict:
    """The values to store, or ValidationError naming each bad field."""
    errors = {}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = _("请填写专项治理主题名称。")
    elif len(name) > NAME_MAX or forbidden_character(name):
        errors["name"] = _("名称最多 %(max)s 个字，且不能含有控制字符。") % {"max": NAME_MAX}
    elif Campaign.objects.filter(name=name).exclude(id=campaign_id).exists():
        errors["name"] = _("已有同名的专项治理主题。")
    year, quarter = values.get("year"), values.get("quarter")
    if (year is None) != (quarter is None):
        errors["quarter"] = _("年度和季度须同时填写（或都不填）。")
    elif year is not None and not (EARLIEST.year <= year <= timezone.localdate().year + 1):
        errors["year"] = _("年度超出范围。")
    elif quarter is not None and quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("季度应为 1 至 4。")
    scope = values.get("scope") or ""
    if len(scope) > SCOPE_MAX or forbidden_character(scope, multiline=True):
        errors["scope"] = _("治理范围最多 %(max)s 个字，且不能含有控制字符。") % {"max": SCOPE_MAX}
    rules, known = list(dict.fromkeys(values.get("rules") or ())), known_rules()
    if unknown := [r for r in rules if r not in known]:
        errors["rules"] = _("没有这些比对规则：%(rules)s") % {"rules": "、".join(map(str, unknown))}
    categories = list(dict.fromkeys(values.get("categories") or ()))
    if unknown := [c for c in categories if c not in CATEGORIES]:
        errors["categories"] = _("未知的问题类别：%(categories)s") % {"categories": "、".join(map(str, unknown))}
    if errors:
        raise ValidationError(errors)
    return {"name": name, "year": year, "quarter": quarter, "scope": scope,
            "rules": sorted(rules, key=known.index), "categories": sorted(categories, key=CATEGORIES.index)}


def do_create_campaign(*, acting_user, name: str, year: int | None = None, quarter: int | None = None,
                       scope: str = "", rules=(), categories=()) -> Campaign:
    if not can_define(acting_user):
        raise PermissionDenied
    values = _checked({"name": name, "year": year, "quarter": quarter, "scope": scope, "rules": rules,
                       "categories": categories})
    with transaction.atomic():
        try:
            with transaction.atomic():
                campaign = Campaign.objects.create(created_by=acting_user, **values)
        except IntegrityError:  # the same name defined meanwhile by someone else
            raise ValidationError({"name": _("已有同名的专项治理主题。")}) from None
        record(acting_user, "campaign.create", campaign, after=snapshot(campaign, FIELDS))
    return campaign


def do_change_campaign(campaign_id: int, *, acting_user, expected_version: int, **values) -> Campaign:
    if not can_define(acting_user):
        raise PermissionDenied
    checked = _checked(values, campaign_id=campaign_id)
    with transaction.atomic():
        campaign = check_version(access_campaign_by_id(acting_user, campaign_id, for_update=True), expected_version)
        changes = {name: value for name, value in checked.items() if getattr(campaign, name) != value}
        if not changes:
            return campaign
        before = snapshot(campaign, changes)
        try:
            with transaction.atomic():
                save_changes(campaign, changes)
        except IntegrityError:
            raise ValidationError({"name": _("已有同名的专项治理主题。")}) from None
        record(acting_user, "campaign.change", campaign, before=before, after=snapshot(campaign, changes))
    return campaign


@dataclass(frozen=True)
class TagOutcome:
    tagged: int  # clues whose campaign changed
    unchanged: int  # already in that campaign (or already without one)
    not_found: int  # not a clue this user can see


def do_tag_clues(clue_ids, *, acting_user, campaign_id: int | None) -> TagOutcome:
    """Put the clues in campaign `campaign_id` (None: take them out of theirs).

    Only clues the user can see are touched; the others count as not found, as if they
    did not exist. A clue is in at most one campaign: tagging moves it. No version
    check per clue: the bulk form shows none, and the tag is independent of the clue's
    other fields — but the version is bumped, so an edit prepared before it notices.
    """
    if not can_tag(acting_user):
        raise PermissionDenied
    wanted = {int(i) for i in clue_ids}
    with transaction.atomic():
        campaign = None if campaign_id is None else access_campaign_by_id(acting_user, campaign_id)
        target = campaign.id if campaign else None
        clues = list(visible_clues(acting_user).select_related(None).filter(id__in=wanted)
                     .select_for_update(of=("self",)).order_by("id"))
        changing = [c for c in clues if c.campaign_id != target]
        names = dict(Campaign.objects.filter(id__in={c.campaign_id for c in changing}).values_list("id", "name"))
        if changing:
            Clue.objects.filter(id__in=[c.id for c in changing]).update(
                campaign_id=target, version=F("version") + 1, updated_at=timezone.now())
            record_many(acting_user, [
                ("campaign.tag", clue, {"campaign_id": clue.campaign_id, "campaign": names.get(clue.campaign_id)},
                 {"campaign_id": target, "campaign": campaign.name if campaign else None})
                for clue in changing
            ])
    return TagOutcome(tagged=len(changing), unchanged=len(clues) - len(changing), not_found=len(wanted) - len(clues))
