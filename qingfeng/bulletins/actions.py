"""Changing a bulletin: draft, edit, approve, issue (docs/web-conventions.md: one
transaction, permission, row lock, optimistic version, one audit entry each).

An issued bulletin refuses every change (BulletinIssued); its files are served as
stored and never rendered again. Editing an approved bulletin returns it to draft:
approval is of the wording approved.
"""

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit import trail
from qingfeng.audit.models import AuditHead
from qingfeng.bulletins import access, content, docx, drafting, numbering, pdf, public
from qingfeng.bulletins.models import Bulletin, BulletinItem, NameShown
from qingfeng.core.versioning import check_version, save_changes

BULLETIN_FIELDS = ["year", "month", "status", "title", "addressee", "preface", "closing", "document_no",
                   "issued_on", "audit_head"]
ITEM_FIELDS = ["id", "clue_id", "name", "post", "township", "facts", "measure_text", "decided_on", "included",
               "position", "name_shown"]
EDITABLE_ITEM_FIELDS = ("included", "position", "post", "facts", "measure_text")


SYSTEM = "system (command line)"


class BulletinError(Exception):
    """A refused bulletin action; the message is for the user."""


class BulletinIssued(BulletinError):
    pass


def _refuse_issued(bulletin: Bulletin) -> None:
    if bulletin.is_issued:
        raise BulletinIssued(_("通报 %(no)s 已印发，不能再修改。") % {"no": bulletin.document_no})


def _items_snapshot(bulletin: Bulletin) -> list[dict]:
    return [trail.snapshot(item, ITEM_FIELDS) for item in bulletin.items.all()]


def _locked(bulletin_id: int, user) -> Bulletin:
    return access.access_bulletin_by_id(user, bulletin_id, for_update=True)


def _locked_in(bulletin_id: int, user, expected_version: int, status: str, refusal: str) -> Bulletin:
    """The bulletin, locked, not issued, at `expected_version` and in `status` (else `refusal`)."""
    bulletin = _locked(bulletin_id, user)
    _refuse_issued(bulletin)
    check_version(bulletin, expected_version)
    if bulletin.status != status:
        raise BulletinError(refusal)
    return bulletin


def _refresh_items(bulletin: Bulletin) -> None:
    """The items from the month's measures: new persons added, persons no longer sanctioned
    in the month removed, edited wording kept (only its date follows the measures)."""
    found = drafting.persons(bulletin.year, bulletin.month)
    existing = {(item.clue_id, item.name): item for item in bulletin.items.all()}
    keep = set()
    for position, person in enumerate(found, start=1):
        key = (person.clue_id, person.name)
        keep.add(key)
        item = existing.get(key)
        if item is None:
            BulletinItem.objects.create(
                bulletin=bulletin, clue_id=person.clue_id, name=person.name, post=person.post,
                township=person.township, facts=person.facts, measure_text=person.measure_text,
                decided_on=person.decided_on, position=position)
            continue
        changes = {"decided_on": person.decided_on, "township": person.township}
        if not item.edited:
            changes |= {"post": person.post, "facts": person.facts, "measure_text": person.measure_text,
                        "position": position}
        if any(getattr(item, k) != v for k, v in changes.items()):
            save_changes(item, changes)
    for key, item in existing.items():
        if key not in keep:
            item.delete()


def _create_or_lock(year: int, month: int, acting_user) -> tuple[Bulletin, bool]:
    """The month's new bulletin — or, when another drafter created it a moment ago (nothing
    to lock before it existed), theirs, locked."""
    try:
        with transaction.atomic():  # a savepoint: the unique month may refuse the row
            return Bulletin.objects.create(
                year=year, month=month, title=drafting.default_title(year, month),
                addressee=drafting.DEFAULT_ADDRESSEE, preface=drafting.default_preface(year, month),
                closing=drafting.DEFAULT_CLOSING, created_by=acting_user), True
    except IntegrityError:
        return Bulletin.objects.select_for_update().get(year=year, month=month), False


def do_draft_bulletin(year: int, month: int, *, acting_user) -> Bulletin:
    """The month's draft, created or refreshed from the measures (refreshing an approved
    bulletin returns it to draft). `acting_user=None`: the command line, as the system."""
    if acting_user is not None:
        access.require_drafter(acting_user)
        actor = acting_user
    else:
        actor = SYSTEM
    if not (1 <= month <= 12) or not (2000 <= year <= 2100):
        raise BulletinError(_("月份无效。"))
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().filter(year=year, month=month).first()
        if bulletin is not None and acting_user is not None:
            access.access_bulletin_by_id(acting_user, bulletin.id)  # the drafters read every bulletin
        created = False
        if bulletin is None:
            bulletin, created = _create_or_lock(year, month, acting_user)
        if created:
            before = None
        else:
            _refuse_issued(bulletin)
            before = trail.snapshot(bulletin, BULLETIN_FIELDS) | {"items": _items_snapshot(bulletin)}
        _refresh_items(bulletin)
        changes = {"totals": drafting.totals(year, month)}
        if bulletin.status == Bulletin.Status.APPROVED:
            changes |= {"status": Bulletin.Status.DRAFT, "approved_by": None, "approved_at": None}
        save_changes(bulletin, changes)
        trail.record(actor, "bulletin.drafted" if created else "bulletin.refreshed", bulletin, before=before,
                     after=trail.snapshot(bulletin, BULLETIN_FIELDS) | {"items": _items_snapshot(bulletin)})
    return bulletin


@dataclass
class ItemEdit:
    item_id: int
    included: bool
    position: int
    post: str
    facts: str
    measure_text: str


def do_update_bulletin(bulletin_id: int, *, acting_user, expected_version: int, title: str, addressee: str,
                       preface: str, closing: str, items: list[ItemEdit]) -> Bulletin:
    """Leadership edits the wording and chooses the typical cases (included)."""
    access.require_editor(acting_user)
    with transaction.atomic():
        bulletin = _locked(bulletin_id, acting_user)
        _refuse_issued(bulletin)
        check_version(bulletin, expected_version)
        if not title.strip():
            raise BulletinError(_("标题不能为空。"))
        before = trail.snapshot(bulletin, BULLETIN_FIELDS) | {"items": _items_snapshot(bulletin)}
        by_id = {item.id: item for item in bulletin.items.all()}
        for edit in items:
            item = by_id.get(edit.item_id)
            if item is None:
                raise BulletinError(_("通报中没有这个案例。"))
            if not edit.measure_text.strip():
                raise BulletinError(_("处理结果不能为空。"))
            changes = {k: getattr(edit, k) for k in EDITABLE_ITEM_FIELDS if getattr(item, k) != getattr(edit, k)}
            if changes:
                wording = {"post", "facts", "measure_text"} & set(changes)
                save_changes(item, changes | ({"edited": True} if wording else {}))
        changes = {"title": title.strip(), "addressee": addressee.strip(), "preface": preface, "closing": closing}
        if bulletin.status == Bulletin.Status.APPROVED:
            changes |= {"status": Bulletin.Status.DRAFT, "approved_by": None, "approved_at": None}
        save_changes(bulletin, changes)
        trail.record(acting_user, "bulletin.updated", bulletin, before=before,
                     after=trail.snapshot(bulletin, BULLETIN_FIELDS) | {"items": _items_snapshot(bulletin)})
    return bulletin


def do_approve_bulletin(bulletin_id: int, *, acting_user, expected_version: int) -> Bulletin:
    access.require_editor(acting_user)
    with transaction.atomic():
        bulletin = _locked_in(bulletin_id, acting_user, expected_version, Bulletin.Status.DRAFT,
                              _("只有草稿可以审定。"))
        save_changes(bulletin, {"status": Bulletin.Status.APPROVED, "approved_by": acting_user,
                                "approved_at": timezone.now()})
        trail.record(acting_user, "bulletin.approved", bulletin, before={"status": Bulletin.Status.DRAFT},
                     after={"status": Bulletin.Status.APPROVED})
    return bulletin


def included_items(bulletin: Bulletin) -> list[BulletinItem]:
    return list(bulletin.items.listed())


def render_files(bulletin: Bulletin, items, mask: public.Masker, **known) -> tuple[bytes, bytes, bytes]:
    """(docx, pdf, public pdf) of `bulletin` — for the issue, or a draft's preview."""
    full = content.build(bulletin, items, **known)
    shown = content.build(bulletin, items, mask=mask, **known)
    text = pdf.characters(full) + pdf.characters(shown)  # one font subset for both
    return docx.render(full), pdf.render(full, text), pdf.render(shown, text)


def _refuse_stale(bulletin: Bulletin, every_item: list[BulletinItem], totals: dict) -> None:
    """The persons handled or the month's figures changed since the draft (a sanction added,
    withdrawn, re-dated; a clue closed): issuing would print what leadership did not approve."""
    found = {(p.clue_id, p.name, p.decided_on) for p in drafting.persons(bulletin.year, bulletin.month)}
    items = {(item.clue_id, item.name, item.decided_on) for item in every_item}
    if found != items or totals != bulletin.totals:
        raise BulletinError(_("本月处理人员或统计数字已有变化，请先“按处理人员更新”通报，再审定印发。"))


def _refuse_unpublishable(bulletin: Bulletin, items, every_item: list[BulletinItem], mask: public.Masker) -> None:
    texts = {_("标题"): mask(bulletin.title), _("导语"): mask(bulletin.preface), _("结语"): mask(bulletin.closing),
             _("主送机关"): mask(bulletin.addressee)}
    labels = {"name": _("姓名"), "post": _("单位及职务"), "facts": _("主要问题"), "measure": _("处理结果")}
    for n, item in enumerate(items, start=1):
        for key, text in public.case_texts(item, mask).items():
            texts[_("第 %(n)s 个案例") % {"n": n} + f"（{labels[key]}）"] = text
    found = public.problems(texts, {item.clue_id for item in every_item})
    if found:
        raise BulletinError(_("公开版本不能印发：%(problems)s。请修改措辞后重新审定。") % {"problems": "；".join(found)})


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def do_issue_bulletin(bulletin_id: int, *, acting_user, expected_version: int, name_shown: dict[int, str],
                      issued_on=None) -> Bulletin:
    """Issue an approved bulletin: its number, the audit head, its files — then nothing
    of it changes. `name_shown` chooses, per included item, how the 曝光台 shows the name
    (NameShown.FULL / MASKED; every included item must be given one)."""
    access.require_editor(acting_user)
    with transaction.atomic():
        bulletin = _locked_in(bulletin_id, acting_user, expected_version, Bulletin.Status.APPROVED,
                              _("通报须经审定后才能印发。"))
        items = included_items(bulletin)
        choices = {int(k): v for k, v in name_shown.items()}
        for item in items:
            if choices.get(item.id) not in NameShown.values:
                raise BulletinError(_("请为每个案例选择曝光台上姓名的公开方式。"))
        for item in items:
            if item.name_shown != choices[item.id]:
                save_changes(item, {"name_shown": choices[item.id]})
        issued_on = issued_on or timezone.localdate()
        if issued_on <= drafting.month_window(bulletin.year, bulletin.month)[1]:
            raise BulletinError(_("%(year)s年%(month)s月的通报须在该月结束后印发。") % {
                "year": bulletin.year, "month": bulletin.month})
        totals = drafting.totals(bulletin.year, bulletin.month)
        every_item = list(bulletin.items.all())  # listed or not: all may be named in the wording
        _refuse_stale(bulletin, every_item, totals)
        mask = public.masker(every_item)
        _refuse_unpublishable(bulletin, items, every_item, mask)
        for item in items:
            save_changes(item, {"public": public.case_texts(item, mask)})
        number = numbering.next_number(issued_on.year)
        document_no = numbering.document_no(issued_on.year, number)
        # The head the bulletin prints is the entry before its own issue entry: lock the
        # chain's head row so no other writer slips an entry in between (the counter's
        # write above already holds SQLite's write lock; on PostgreSQL this row lock does).
        AuditHead.objects.select_for_update().filter(pk=1).first()
        seq, head_hash = trail.head()
        audit_head = f"{seq}:{head_hash}"
        docx_bytes, pdf_bytes, public_bytes = render_files(
            bulletin, items, mask, issued_on=issued_on, audit_head=audit_head, document_no=document_no, totals=totals)
        before = trail.snapshot(bulletin, BULLETIN_FIELDS)
        save_changes(bulletin, {
            "status": Bulletin.Status.ISSUED, "number_year": issued_on.year, "number": number,
            "document_no": document_no, "issued_on": issued_on, "totals": totals, "audit_head": audit_head,
            "docx": docx_bytes, "pdf": pdf_bytes, "public_pdf": public_bytes, "public_title": mask(bulletin.title),
            "issued_by": acting_user,
            "issued_at": timezone.now()})
        trail.record(acting_user, "bulletin.issued", bulletin, before=before, after={
            "document_no": document_no, "issued_on": issued_on.isoformat(), "audit_head": audit_head,
            "totals": totals,
            "names_shown": {str(item.id): {"name_shown": choices[item.id], "public_name": item.public["name"]}
                            for item in items},
            "sha256": {"docx": _sha256(docx_bytes), "pdf": _sha256(pdf_bytes), "public_pdf": _sha256(public_bytes)},
        })
    return bulletin
