"""The words of a bulletin, once, for both renderers (docx.py and pdf.py).

`build(bulletin, items, mask=...)` walks the bulletin in GB/T 9704 order and gives what
each part says; the Word and PDF writers only lay the parts out. The public version
(the 曝光台's PDF) passes `mask` (qingfeng.bulletins.public.masker): every name not
published in full is masked wherever it occurs.
"""

from dataclasses import dataclass
from datetime import date

from qingfeng.bulletins import drafting, numbering, public

_DIGITS = "〇一二三四五六七八九"
SEAL = "（印章）"  # where the seal goes, over the 发文机关署名


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


def _unchanged(text: str) -> str:
    return text


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


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def case_of(item, n: int, mask=None) -> Case:
    if mask is None:
        name, post, facts, measure = item.name, item.post, item.facts, item.measure_text
    else:
        shown = public.case_texts(item, mask)
        name, post, facts, measure = shown["name"], shown["post"], shown["facts"], shown["measure"]
    heading = f"{ordinal(n)}、{item.township}{post}{name}问题。"
    facts = facts.strip().rstrip("。")
    measure = measure.strip().rstrip("。")
    when = f"{item.decided_on.year}年{item.decided_on.month}月{item.decided_on.day}日"
    paragraph = (f"{facts}。" if facts else "") + f"{when}，{measure}。"
    return Case(heading, paragraph)


def build(bulletin, items, *, mask=None, issued_on: date | None = None, audit_head: str = "",
          document_no: str = "", totals: dict | None = None) -> Content:
    """The content of `bulletin` with its included `items` (in order); with `mask`, the
    public version."""
    words = mask or _unchanged
    issued_on = issued_on or bulletin.issued_on
    document_no = document_no or bulletin.document_no
    figures = totals if totals is not None else (bulletin.totals or drafting.totals(bulletin.year, bulletin.month))
    organs = numbering.organs()
    return Content(
        organs=organs,
        document_no=document_no or f"{numbering.prefix()}〔　　〕　号（草稿）",
        title=words(bulletin.title),
        addressee=words(bulletin.addressee),
        preface=_paragraphs(words(bulletin.preface)),
        cases=[case_of(item, n, mask) for n, item in enumerate(items, start=1)],
        totals=drafting.totals_text(figures),
        closing=_paragraphs(words(bulletin.closing)),
        signature=organs,
        date_line=cn_date(issued_on) if issued_on else "（成文日期）",
        audit_line=(f"本通报据审计链 {audit_head} 印发" if audit_head else "草稿：印发时写入审计链头"),
        office_line=f"{numbering.office()}　　　　{cn_date(issued_on) if issued_on else ''}印发".strip(),
    )
