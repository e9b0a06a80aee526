"""Audited changes of report boxes, one `do_*` per action (market-day points: qingfeng.places.markets).

Each item found at an opening becomes a 举报箱 clue through the clue intake action
(qingfeng.clues.actions.do_create_clue, source 信访举报, channel 举报箱), in the same
transaction as the opening: an item the intake refuses leaves nothing written.
"""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, save_and_record, snapshot
from qingfeng.boxes import access
from qingfeng.core import checks
from qingfeng.boxes.models import (
    TEXT_MAX,
    BoxItem,
    BoxOpening,
    ReportBox,
)
from qingfeng.boxes.register import BoxFileError, RegisterReport, read_register
from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.models import Channel, Source
from qingfeng.core import isolation
from qingfeng.core.versioning import Conflict, check_version, save_changes
from qingfeng.places.models import Jurisdiction

__all__ = ["Conflict", "do_add_box", "do_update_box", "do_import_boxes", "do_record_opening"]

L = Jurisdiction.Level
BOX_FIELDS = ("number", "place_id", "location", "key_holder", "installed_on", "active")
EDITABLE = ("number", "place", "location", "key_holder", "installed_on", "active")
ITEM_FIELDS = ("summary", "subject", "subject_post", "category", "reporter_name", "reporter_contact")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _box_values(*, number, place, location, key_holder, installed_on=None, active=True, today=None) -> dict:
    if place is None or place.level not in (L.TOWNSHIP, L.VILLAGE):
        raise ValidationError({"place": _("举报箱须挂在乡镇或村（居）。")})
    if installed_on is not None and installed_on > _today(today):
        raise ValidationError({"installed_on": _("日期不能晚于今天。")})
    return {"number": checks.text("number", number, 30), "place": place,
            "location": checks.text("location", location, 100), "key_holder": checks.text("key_holder", key_holder, 60),
            "installed_on": installed_on, "active": bool(active)}


def do_add_box(*, acting_user, number: str, place: Jurisdiction, location: str, key_holder: str,
               installed_on: date | None = None, today: date | None = None) -> ReportBox:
    access.require_keeper(acting_user)
    values = _box_values(number=number, place=place, location=location, key_holder=key_holder,
                         installed_on=installed_on, today=today)
    with transaction.atomic():
        if ReportBox.objects.filter(number=values["number"]).exists():
            raise ValidationError({"number": _("已有该编号的举报箱。")})
        try:
            with transaction.atomic():
                box = ReportBox.objects.create(**values)
        except IntegrityError:
            raise ValidationError({"number": _("已有该编号的举报箱。")}) from None
        record(acting_user, "box.add", box, after=snapshot(box, BOX_FIELDS))
    return box


def do_update_box(box_id: int, *, acting_user, expected_version: int | None, number: str, place: Jurisdiction,
                  location: str, key_holder: str, installed_on: date | None = None, active: bool = True,
                  today: date | None = None) -> ReportBox:
    access.require_keeper(acting_user)
    values = _box_values(number=number, place=place, location=location, key_holder=key_holder,
                         installed_on=installed_on, active=active, today=today)
    with transaction.atomic():
        box = check_version(access.access_box_by_id(acting_user, box_id, for_update=True), expected_version)
        if ReportBox.objects.filter(number=values["number"]).exclude(id=box.id).exists():
            raise ValidationError({"number": _("已有该编号的举报箱。")})
        save_and_record(acting_user, "box.update", box, values, BOX_FIELDS)
    return box


def _locked_boxes(numbers: list[str]) -> dict:
    return {b.number: b for b in ReportBox.objects.select_for_update().filter(number__in=numbers)}


def do_import_boxes(source, *, acting_user, name: str = "", limits=None, today: date | None = None) -> RegisterReport:
    """Add or update boxes (by 编号) from a register table. When any row has a problem the
    report lists every one (row, column, reason) and nothing is written; otherwise all rows
    are written in one transaction with one audit entry: the numbers added and updated, and
    for each updated box the fields it changed, before and after (`boxes`, by number), so a
    new key holder can be traced.
    A box of the file registered by someone else at the same moment is a row problem too
    (nothing written; importing again updates it). BoxFileError: the file is unreadable."""
    access.require_keeper(acting_user)
    file_name = Path(name or str(source)).name
    book = isolation.read_book(source, file_name, error=BoxFileError, limits=limits)
    report = read_register(book.first, file_name, today=_today(today))
    if report.rejected or not report.rows:
        return report
    row_of = {values["number"]: row for row, values in report.rows}
    current = None
    try:
        with transaction.atomic():
            existing = _locked_boxes(list(row_of))
            added, updated, changed_before, changed_after = [], [], {}, {}
            for _row, values in report.rows:
                current = values["number"]
                box = existing.get(current)
                if box is None:
                    with transaction.atomic():
                        ReportBox.objects.create(**values)
                    added.append(current)
                    continue
                changes = {k: v for k, v in values.items() if getattr(box, k) != v}
                if changes:
                    before = snapshot(box, BOX_FIELDS)
                    save_changes(box, changes)
                    after = snapshot(box, BOX_FIELDS)
                    updated.append(current)
                    changed_before[current] = {k: v for k, v in before.items() if v != after[k]}
                    changed_after[current] = {k: v for k, v in after.items() if v != before[k]}
            current = None
            report.added, report.updated = len(added), len(updated)
            report.unchanged = len(report.rows) - len(added) - len(updated)
            record(acting_user, "box.import", object_type="boxes.reportbox", object_id=file_name,
                   before={"boxes": changed_before},
                   after={"file": file_name, "read": report.read, "added": added, "updated": updated,
                          "unchanged": report.unchanged, "boxes": changed_after})
    except IntegrityError:
        if current is None:
            raise
        report.added = report.updated = report.unchanged = 0
        report.rows = []
        report.reject(row_of[current], [(_("编号"), _("编号 %(number)s 的举报箱刚被其他人登记，本次导入未写入任何数据，"
                                                   "请重新导入。") % {"number": current})])
    return report


def _item(n: int, values: dict) -> dict:
    item = {key: (values.get(key) or "") for key in ITEM_FIELDS}
    if not item["summary"].strip():
        raise ValidationError({"items": _("第 %(n)s 件：请填写主要问题。") % {"n": n}})
    return item


def do_record_opening(box_id: int, *, acting_user, opened_on: date, witness_1, witness_2, items=(),
                      note: str = "", today: date | None = None) -> BoxOpening:
    """Record an opening: the day, the two staff present (both required, two different active
    staff whose jurisdiction covers the box), and the items found — each registered at once as
    a 举报箱 clue of the box's township and village, received on the opening day. No items is
    a valid opening (the box was empty)."""
    access.require_keeper(acting_user)
    if opened_on is None:
        raise ValidationError({"opened_on": _("此项必填。")})
    if opened_on > _today(today):
        raise ValidationError({"opened_on": _("日期不能晚于今天。")})
    if witness_1 is None or witness_2 is None:
        raise ValidationError({"witness_2": _("开箱须有两名工作人员在场。")})
    if witness_1.id == witness_2.id:
        raise ValidationError({"witness_2": _("在场的两名工作人员须是不同的人。")})
    note = checks.text("note", note, TEXT_MAX, required=False, multiline=True)
    items = [_item(n, values) for n, values in enumerate(items, start=1)]
    with transaction.atomic():
        box = access.access_box_by_id(acting_user, box_id, for_update=True)
        allowed = set(access.possible_witnesses(box).filter(id__in=[witness_1.id, witness_2.id])
                      .values_list("id", flat=True))
        if {witness_1.id, witness_2.id} - allowed:
            raise ValidationError({"witness_1": _("在场人员须是辖区覆盖该举报箱的在职工作人员。")})
        if not box.active:
            raise ValidationError({"opened_on": _("该举报箱已停用。")})
        opening = BoxOpening.objects.create(box=box, opened_on=opened_on, witness_1=witness_1, witness_2=witness_2,
                                            note=note, recorded_by=acting_user)
        township = box.place if box.place.level == L.TOWNSHIP else box.place.parent
        village = box.place if box.place.level == L.VILLAGE else None
        clue_nos = []
        for n, item in enumerate(items, start=1):
            try:
                clue, _created = do_create_clue(
                    acting_user=acting_user, received_on=opened_on, source=Source.PETITION, channel=Channel.BOX,
                    township=township, village=village,
                    note=_("举报箱 %(box)s %(day)s 开箱第 %(n)s 件") % {"box": box.number,
                                                                   "day": opened_on.isoformat(), "n": n},
                    **item,
                )
            except ValidationError as exc:
                reasons = "；".join(" ".join(errors) for errors in exc.message_dict.values())
                raise ValidationError({"items": _("第 %(n)s 件：%(reason)s") % {"n": n, "reason": reasons}}) from None
            BoxItem.objects.create(opening=opening, position=n, clue=clue)
            clue_nos.append(clue.clue_no)
        record(acting_user, "box.open", opening, after={
            "box": box.number, "opened_on": opened_on.isoformat(), "witness_1_id": witness_1.id,
            "witness_2_id": witness_2.id, "items": len(items), "clue_nos": clue_nos, "note": note})
    return opening
