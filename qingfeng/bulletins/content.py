"""The words of a bulletin, once, for both renderers (docx.py and pdf.py).

`blocks(bulletin, public=...)` walks the bulletin in GB/T 9704 order and yields what
each part says; the Word and PDF writers only lay the parts out. The public version
(the 曝光台's PDF) shows each person's name as chosen at issue — masked names are
masked wherever the name occurs in the item's wording too.
"""

from dataclasses import dataclass, field
from datetime import date

from qingfeng.bulletins import drafting, numbering
from qingfeng.bulletins.models import NameShown
from qingfeng.engine.masking import mask_name

_DIGITS = "〇一二三四五六七八九"
SEAL = "（印章）"  # where the seal goes, over the 发文机关署名
ORDINALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """0..9999 in Chinese numerals: 十一, 二十, 一百零五, 一百一十, 二千零一十八."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + ("" if n == 10 else _DIGITS[n - 10])
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + unit
            zero = False
        else:
            zero = bool(out)
    return out


def cn_date(day: date) -> str:
    """二〇一八年七月五日 (成文日期 as GB/T 9704 writes it)."""
    return "".join(_DIGITS[int(c)] for c in str(day.year)) + f"年{cn_number(day.month)}月{cn_number(day.day)}日"


def ordinal(n: int) -> str:
    return cn_number(n)


def shown_name(item, public: bool) -> str:
    if public and item.name_shown == NameShown.MASKED:
        return mask_name(item.name)
    return item.name


def public_wording(item, text: str, public: bool) -> str:
    """`text` with the person's name replaced by how it is shown (public, masked)."""
    if not text or not public or item.name_shown != NameShown.MASKED or not item.name:
        return text
    return text.replace(item.name, mask_name(item.name))


@dataclass
class Case:
    heading: str
    paragraph: str


@dataclass
class Content:
    organs: list[str]
    document_no: str
    title: str
    addressee: str
    preface: list[str]
    cases: list[Case]
    totals: str
    closing: list[str]
    signature: list[str]
    date_line: str
    audit_line: str
    office_line: str
    draft: bool = False
    notes: list[str] = field(default_factory=list)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def case_of(item, public: bool, n: int) -> Case:
    name = shown_name(item, public)
    post = public_wording(item, item.post, public)
    heading = f"{ordinal(n)}、{item.township}{post}{name}问题。"
    facts = public_wording(item, item.facts, public).strip().rstrip("。")
    measure = public_wording(item, item.measure_text, public).strip().rstrip("。")
    when = f"{item.decided_on.year}年{item.decided_on.month}月{item.decided_on.day}日"
    paragraph = (f"{facts}。" if facts else "") + f"{when}，{measure}。"
    return Case(heading, paragraph)


def build(bulletin, items, *, public: bool = False, issued_on: date | None = None, audit_head: str = "",
          document_no: str = "", totals: dict | None = None) -> Content:
    """The content of `bulletin` with its included `items` (in order)."""
    issued_on = issued_on or bulletin.issued_on
    document_no = document_no or bulletin.document_no
    draft = not document_no
    figures = totals if totals is not None else (bulletin.totals or drafting.totals(bulletin.year, bulletin.month))
    organs = numbering.organs()
    return Content(
        organs=organs,
        document_no=document_no or f"{numbering.prefix()}〔　　〕　号（草稿）",
        title=bulletin.title,
        addressee=bulletin.addressee,
        preface=_paragraphs(bulletin.preface),
        cases=[case_of(item, public, n) for n, item in enumerate(items, start=1)],
        totals=drafting.totals_text(figures),
        closing=_paragraphs(bulletin.closing),
        signature=organs,
        date_line=cn_date(issued_on) if issued_on else "（成文日期）",
        audit_line=(f"本通报据审计链 {audit_head} 印发" if audit_head else "草稿：印发时写入审计链头"),
        office_line=f"{numbering.office()}　　　　{cn_date(issued_on) if issued_on else ''}印发".strip(),
        draft=draft,
    )
