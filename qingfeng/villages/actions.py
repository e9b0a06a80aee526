"""Audited changes of village disclosures and of the county's N list (one `do_*` per action).

Publishing is the one way in for every writer: the staff pages, the demo loader and
(later) the monthly-meeting feature, which publishes its record as the N item keyed
`models.MONTHLY_MEETING` through `do_publish_disclosure`.
"""

import re
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.audit.trail import record, snapshot
from qingfeng.core.text import refuse_control_characters
from qingfeng.core.versioning import Conflict, check_version, save_changes
from qingfeng.engine.masking import id_number_in
from qingfeng.places.models import Jurisdiction
from qingfeng.villages import files
from qingfeng.villages.access import access_disclosure_for_update, can_publish
from qingfeng.villages.models import MAX_TEXT, Disclosure, DisclosureAttachment, RequiredItem
from qingfeng.villages.months import month_of

__all__ = ["Conflict", "do_publish_disclosure", "do_correct_disclosure", "do_add_required_item",
           "do_change_required_item"]

AUDITED = ("village_id", "month", "item_id", "title", "text", "revision", "supersedes_id", "correction_note")


def _clean_text(field: str, value: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("此项必填。")})
    if len(value) > limit:
        raise ValidationError({field: _("最多 %(n)s 个字。") % {"n": limit}})
    if id_number_in(value, timezone.localdate()):  # everything here is public
        raise ValidationError({field: _("公开的内容不能含有身份证号码，请删去或隐去。")})
    if field != "text":  # the body may have line breaks; one-line fields none
        try:
            refuse_control_characters(value)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
    return value


def _attach(disclosure: Disclosure, uploads: list[tuple[object, str]]) -> list[str]:
    names = []
    for upload, content_type in uploads:
        name = re.sub(r"[\\/\x00-\x1f]", "_", upload.name)[-200:]
        attachment = DisclosureAttachment(disclosure=disclosure, name=name, size=upload.size,
                                          content_type=content_type)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        names.append(name)
    return names


def do_publish_disclosure(
    village: Jurisdiction, *, acting_user, month: date, item: RequiredItem | None = None, title: str = "",
    text: str, attachments=(), published_at: datetime | None = None,
) -> Disclosure:
    """Publish the village's `item` (N) or its own item `title` (X) of `month`; public at once.

    `published_at` is for loading history (the demo); pages never pass it.
    """
    if village.level != Jurisdiction.Level.VILLAGE or not can_publish(acting_user, village):
        raise PermissionDenied
    month = month_of(month)
    if month > month_of(timezone.localdate()):
        raise ValidationError({"month": _("不能发布以后月份的公开内容。")})
    if item is not None:
        if not item.required_in(month):
            raise ValidationError({"item": _("该事项不是这个月必须公开的事项。")})
        title = item.title
    else:
        title = _clean_text("title", title, 100)
        if RequiredItem.objects.filter(title=title).exists():
            raise ValidationError({"title": _("这是必须公开事项，请在“事项”中选择它。")})
    text = _clean_text("text", text, MAX_TEXT)
    uploads = files.checked(attachments)
    with transaction.atomic():
        if item is not None and Disclosure.objects.filter(village=village, month=month, item=item).exists():
            raise ValidationError({"item": _("本月该事项已经发布；如有错误请更正。")})
        disclosure = Disclosure(village=village, month=month, item=item, title=title, text=text,
                                author=acting_user, published_at=published_at or timezone.now())
        try:
            with transaction.atomic():
                disclosure.save()
        except IntegrityError:  # the same item published a moment ago by another member
            raise ValidationError({"item": _("本月该事项已经发布；如有错误请更正。")}) from None
        names = _attach(disclosure, uploads)
        record(acting_user, "disclosure.publish", disclosure,
               after={**snapshot(disclosure, AUDITED), "attachments": names})
    return disclosure


def do_correct_disclosure(
    disclosure_id: int, *, acting_user, expected_version: int | None, text: str, note: str = "",
    title: str | None = None, keep_attachments: bool = True, attachments=(),
) -> Disclosure:
    """Publish a new version of a disclosure; the old one stays public, marked superseded."""
    text = _clean_text("text", text, MAX_TEXT)
    note = _clean_text("note", note, 200, required=False)
    uploads = files.checked(attachments)
    with transaction.atomic():
        old = access_disclosure_for_update(acting_user, disclosure_id)
        check_version(old, expected_version)
        if not old.current:  # only the newest version can be corrected
            raise Conflict(old.version)
        new_title = old.title if old.item_id or title is None else _clean_text("title", title, 100)
        save_changes(old, {"current": False})
        new = Disclosure(village=old.village, month=old.month, item=old.item, title=new_title, text=text,
                         revision=old.revision + 1, supersedes=old, correction_note=note, author=acting_user,
                         published_at=timezone.now())
        new.save()
        kept = list(old.attachments.all()) if keep_attachments else []
        DisclosureAttachment.objects.bulk_create(
            DisclosureAttachment(disclosure=new, file=a.file.name, name=a.name, size=a.size,
                                 content_type=a.content_type) for a in kept)
        names = [a.name for a in kept] + _attach(new, uploads)
        record(acting_user, "disclosure.correct", new, before=snapshot(old, AUDITED),
               after={**snapshot(new, AUDITED), "attachments": names})
    return new


def _require_admin(user):
    access.require_role(user, Role.ADMIN)


def _clean_item_title(title: str, exclude_id: int | None = None) -> str:
    title = _clean_text("title", title, 60)
    if RequiredItem.objects.filter(title=title).exclude(id=exclude_id).exists():
        raise ValidationError({"title": _("已有同名的事项。")})
    return title


def do_add_required_item(*, acting_user, title: str) -> RequiredItem:
    """A new N item, required from the current month on (earlier months are not made incomplete)."""
    _require_admin(acting_user)
    with transaction.atomic():
        title = _clean_item_title(title)
        last = RequiredItem.objects.order_by("-position").values_list("position", flat=True).first() or 0
        item = RequiredItem.objects.create(title=title, position=last + 1, since=month_of(timezone.localdate()))
        record(acting_user, "disclosure.item_add", item, after=snapshot(item, ("title", "position", "since")))
    return item


def do_change_required_item(item_id: int, *, acting_user, expected_version: int | None, title: str | None = None,
                            retired: bool | None = None) -> RequiredItem:
    """Rename an N item, or retire it from the current month on (or bring it back)."""
    _require_admin(acting_user)
    with transaction.atomic():
        try:
            item = RequiredItem.objects.select_for_update().get(id=item_id)
        except RequiredItem.DoesNotExist:
            raise Http404 from None
        check_version(item, expected_version)
        before = snapshot(item, ("title", "retired_from"))
        changes = {}
        if title is not None and title.strip() != item.title:
            changes["title"] = _clean_item_title(title, exclude_id=item.id)
        if retired is not None and retired != (item.retired_from is not None):
            changes["retired_from"] = month_of(timezone.localdate()) if retired else None
        if not changes:
            return item
        save_changes(item, changes)
        record(acting_user, "disclosure.item_change", item, before=before,
               after=snapshot(item, ("title", "retired_from")))
    return item
