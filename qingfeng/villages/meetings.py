"""The monthly meeting's pieces that are no action: voucher numbers as typed, the entries
they name in the village's books, and the text the meeting publishes as its disclosure.

The published text is the village's public content (like a disclosure typed by hand), so
it is written in Chinese whatever language the member's page is in.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.core.text import refuse_control_characters
from qingfeng.engine.masking import mask_name
from qingfeng.engine.normalize import normalize_id
from qingfeng.villages import books
from qingfeng.villages.models import ReviewedEntry

MAX_VOUCHER = 60
MAX_ENTRIES = 500
_SEPARATORS = re.compile(r"[\s,，、;；]+")
PERSON_NAME_MAX = 4  # a counterparty without an ID number and this short is taken for a person


def parse_vouchers(*texts) -> list[str]:
    """Voucher numbers from checkboxes and a typed list (any of space, comma, 、 between), in order, once."""
    seen = []
    for text in texts:
        for part in _SEPARATORS.split(text or ""):
            if part and part not in seen:
                seen.append(part)
    for voucher in seen:
        if len(voucher) > MAX_VOUCHER:
            raise ValidationError({"vouchers": _("凭证号 %(voucher)s 超过 %(n)s 个字符。")
                                   % {"voucher": voucher[:20] + "…", "n": MAX_VOUCHER}})
        try:
            refuse_control_characters(voucher)
        except ValidationError:
            raise ValidationError({"vouchers": _("凭证号含有控制字符。")}) from None
    if len(seen) > MAX_ENTRIES:
        raise ValidationError({"vouchers": _("一次月例会最多审核 %(n)s 笔收支。") % {"n": MAX_ENTRIES}})
    return seen


def _is_person(entry: books.Entry) -> bool:
    if entry.counterparty_id:
        return normalize_id(entry.counterparty_id, timezone.localdate()).value is not None
    return 0 < len(entry.counterparty) <= PERSON_NAME_MAX


def reviewed_entries(village, vouchers: list[str], *, meeting=None) -> list[ReviewedEntry]:
    """The entries (unsaved) the vouchers name, checked against the village's latest books.

    A voucher the books do not hold, or one signed off at another meeting, is refused by
    number. A village with no books imported yet records the numbers unchecked.
    """
    if not vouchers:
        return []
    try:
        snapshot, found = books.find_entries(village.code, vouchers)
    except books.BooksUnavailable:
        raise ValidationError({"vouchers": _("账簿数据正在更新，暂时无法核对凭证号，请稍后再试。")}) from None
    if snapshot is not None:
        missing = [v for v in vouchers if v not in found]
        if missing:
            raise ValidationError({"vouchers": _("本村已导入的账簿中没有这些凭证号：%(vouchers)s")
                                   % {"vouchers": "、".join(missing)}})
    taken = (ReviewedEntry.objects.filter(village=village, voucher_no__in=vouchers)
             .exclude(meeting=meeting).select_related("meeting"))
    for entry in taken:
        raise ValidationError({"vouchers": _("凭证号 %(voucher)s 已在 %(date)s 的月例会上审核过。")
                               % {"voucher": entry.voucher_no, "date": f"{entry.meeting.held_on:%Y-%m-%d}"}})
    out = []
    for voucher in vouchers:
        entry = found.get(voucher)
        if entry is None:
            out.append(ReviewedEntry(village=village, voucher_no=voucher, in_books=False))
            continue
        out.append(ReviewedEntry(
            village=village, voucher_no=voucher, booked_on=entry.booked_on, direction=entry.direction,
            account_title=entry.account_title[:100], amount=entry.amount, memo=entry.memo[:200],
            counterparty=entry.counterparty[:200], counterparty_is_person=_is_person(entry), in_books=True,
            snapshot_id=snapshot.id))
    return out


def _yuan(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f} 元"


def _entry_line(entry: ReviewedEntry) -> str:
    if not entry.in_books:
        return f"凭证号 {entry.voucher_no}"
    party = mask_name(entry.counterparty) if entry.counterparty_is_person else entry.counterparty
    parts = [f"凭证号 {entry.voucher_no}", f"{entry.booked_on:%Y-%m-%d}" if entry.booked_on else "",
             entry.direction, _yuan(entry.amount), entry.account_title, entry.memo,
             f"收付对象 {party}" if party else ""]
    return "  ".join(p for p in parts if p)


def disclosure_text(meeting, entries: list[ReviewedEntry]) -> str:
    """The meeting as the village publishes it. Personal counterparties' names are masked."""
    lines = [f"会议日期：{meeting.held_on:%Y-%m-%d}", f"参加人员：{meeting.attendees}", ""]
    lines += ["群众反映的问题：", meeting.topics or "无", ""]
    lines += ["会议决定：", meeting.decisions or "无", ""]
    if entries:
        total = sum((e.amount for e in entries if e.amount is not None), Decimal("0"))
        lines.append(f"民主理财审核的收支（{len(entries)} 笔，合计 {total:.2f} 元）：")
        lines += [_entry_line(e) for e in entries]
    else:
        lines.append("民主理财审核的收支：无")
    return "\n".join(lines)


def clean_attendees(text: str) -> str:
    """Names separated by any of space, comma, 、 or line breaks, kept as one line joined by 、."""
    names = [n for n in _SEPARATORS.split(text or "") if n]
    return "、".join(dict.fromkeys(names))
