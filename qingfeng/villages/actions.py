"""Audited changes of village disclosures and of the county's N list (one `do_*` per action).

Publishing is the one way in for every writer: the staff pages, the demo loader and
the monthly meeting (`do_publish_meeting`, below), which publishes its record as the N item keyed
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
from qingfeng.villages import files, meetings
from qingfeng.villages.access import access_disclosure_for_update, access_meeting_for_update, can_publish
from qingfeng.villages.models import (MAX_TEXT, MONTHLY_MEETING, Disclosure, DisclosureAttachment, Meeting,
                                      RequiredItem, ReviewedEntry)
from qingfeng.villages.months import month_of

__all__ = ["Conflict", "do_publish_disclosure", "do_correct_disclosure", "do_add_required_item",
           "do_change_required_item", "do_record_meeting", "do_change_meeting", "do_publish_meeting"]

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


# -- the monthly meeting (月例会) ------------------------------------------------------------

MEETING_AUDITED = ("village_id", "held_on", "attendees", "topics", "decisions", "disclosure_id")


def _meeting_fields(held_on: date, attendees: str, topics: str, decisions: str) -> dict:
    if held_on is None:
        raise ValidationError({"held_on": _("此项必填。")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("会议日期不能晚于今天。")})
    attendees = meetings.clean_attendees(attendees)
    if not attendees:
        raise ValidationError({"attendees": _("此项必填。")})
    if len(attendees) > 500:
        raise ValidationError({"attendees": _("最多 %(n)s 个字。") % {"n": 500}})
    try:
        refuse_control_characters(attendees)
    except ValidationError as exc:
        raise ValidationError({"attendees": exc.messages}) from None
    return {"held_on": held_on, "month": month_of(held_on), "attendees": attendees,
            "topics": (topics or "").strip()[:MAX_TEXT + 1], "decisions": (decisions or "").strip()[:MAX_TEXT + 1]}


def _check_lengths(fields: dict) -> None:
    for name in ("topics", "decisions"):
        if len(fields[name]) > MAX_TEXT:
            raise ValidationError({name: _("最多 %(n)s 个字。") % {"n": MAX_TEXT}})


def _meeting_audit(meeting: Meeting, entries) -> dict:
    return {**snapshot(meeting, MEETING_AUDITED), "entries": [e.voucher_no for e in entries]}


def _month_taken(village, month, exclude_id=None) -> bool:
    return Meeting.objects.filter(village=village, month=month).exclude(id=exclude_id).exists()


def do_record_meeting(village: Jurisdiction, *, acting_user, held_on: date, attendees: str, topics: str = "",
                      decisions: str = "", vouchers=()) -> Meeting:
    """Record the village's meeting of a month with the finance entries signed off at it (not yet public)."""
    if village.level != Jurisdiction.Level.VILLAGE or not can_publish(acting_user, village):
        raise PermissionDenied
    fields = _meeting_fields(held_on, attendees, topics, decisions)
    _check_lengths(fields)
    entries = meetings.reviewed_entries(village, list(vouchers))
    with transaction.atomic():
        if _month_taken(village, fields["month"]):
            raise ValidationError({"held_on": _("本村这个月的月例会已经记录，请修改那一次的记录。")})
        meeting = Meeting(village=village, recorded_by=acting_user, recorded_at=timezone.now(), **fields)
        try:
            with transaction.atomic():
                meeting.save()
                for entry in entries:
                    entry.meeting = meeting
                ReviewedEntry.objects.bulk_create(entries)
        except IntegrityError:  # another member recorded the month or signed off an entry a moment ago
            raise ValidationError({"held_on": _("本村这个月的月例会或其中的收支刚被其他成员记录，请刷新后再试。")}) from None
        record(acting_user, "meeting.record", meeting, after=_meeting_audit(meeting, entries))
    return meeting


def _replace_entries(meeting: Meeting, entries) -> None:
    meeting.entries.all().delete()
    for entry in entries:
        entry.meeting = meeting
    ReviewedEntry.objects.bulk_create(entries)


def do_change_meeting(meeting_id: int, *, acting_user, expected_version: int | None, held_on: date, attendees: str,
                      topics: str = "", decisions: str = "", vouchers=(), note: str = "") -> Meeting:
    """Change a recorded meeting. A published one is published again as a correction (a new
    version of its disclosure, `note` shown with it); its month cannot change then."""
    fields = _meeting_fields(held_on, attendees, topics, decisions)
    _check_lengths(fields)
    with transaction.atomic():
        meeting = access_meeting_for_update(acting_user, meeting_id)
        check_version(meeting, expected_version)
        if meeting.published and fields["month"] != meeting.month:
            raise ValidationError({"held_on": _("已公开的月例会不能改到其他月份。")})
        if _month_taken(meeting.village, fields["month"], exclude_id=meeting.id):
            raise ValidationError({"held_on": _("本村这个月的月例会已经记录，请修改那一次的记录。")})
        entries = meetings.reviewed_entries(meeting.village, list(vouchers), meeting=meeting)
        before = _meeting_audit(meeting, list(meeting.entries.all()))
        changes = {k: v for k, v in fields.items() if getattr(meeting, k) != v}
        _replace_entries(meeting, entries)
        if meeting.published:
            current = Disclosure.objects.get(id=meeting.disclosure_id)
            new = do_correct_disclosure(current.id, acting_user=acting_user, expected_version=current.version,
                                        text=meetings.disclosure_text(_with(meeting, changes), entries), note=note)
            changes["disclosure"] = new
        save_changes(meeting, changes)
        record(acting_user, "meeting.change", meeting, before=before, after=_meeting_audit(meeting, entries))
    return meeting


def _with(meeting: Meeting, changes: dict) -> Meeting:
    for name, value in changes.items():
        setattr(meeting, name, value)
    return meeting


def do_publish_meeting(meeting_id: int, *, acting_user, expected_version: int | None,
                       published_at: datetime | None = None) -> Meeting:
    """Publish the meeting as the village's N item `monthly_meeting` of its month, through
    `do_publish_disclosure` (its checks apply: no ID numbers in public text). Where the item was
    already published by hand that month, the meeting is published as its correction."""
    with transaction.atomic():
        meeting = access_meeting_for_update(acting_user, meeting_id)
        check_version(meeting, expected_version)
        if meeting.published:
            raise ValidationError({"__all__": _("这次月例会已经公开；如有错误请修改记录，修改后作为更正重新公开。")})
        item = RequiredItem.objects.filter(key=MONTHLY_MEETING).first()
        if item is None or not item.required_in(meeting.month):
            raise ValidationError({"__all__": _("“村务监督委员会月例会”不是这个月必须公开的事项，无法公开。")})
        text = meetings.disclosure_text(meeting, list(meeting.entries.all()))
        earlier = Disclosure.objects.filter(village=meeting.village, month=meeting.month, item=item, current=True).first()
        if earlier is None:
            disclosure = do_publish_disclosure(meeting.village, acting_user=acting_user, month=meeting.month,
                                               item=item, text=text, published_at=published_at)
        else:
            disclosure = do_correct_disclosure(earlier.id, acting_user=acting_user, expected_version=earlier.version,
                                               text=text, note=_("以月例会记录为准"))
        save_changes(meeting, {"disclosure": disclosure})
        record(acting_user, "meeting.publish", meeting, after={"disclosure_id": disclosure.id,
                                                                 "revision": disclosure.revision})
    return meeting
