"""The bulletin as a Word file laid out as a party-government document (GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 发文机关标志 in red
小标宋 (fonts.TITLE), the 发文字号 under it and a red rule (版头中的分隔线); title 2号
(22 pt) centred; body 3号 (16 pt) in the 仿宋 role (fonts.BODY), 28 pt exact line spacing,
first lines indented two characters; 发文机关署名 and 成文日期 right-aligned, the 印章
line; the 版记 (印发机关 and date between thin rules) and the audit head; page numbers
"— N —" in the footer. Fonts are named (w:ascii, w:hAnsi and w:eastAsia), not embedded:
Word substitutes what the office machine has; the PDF embeds its faces.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from qingfeng.bulletins.content import SEAL, Content
from qingfeng.documents import fonts

RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x59, 0x59, 0x59)
BODY_PT, TITLE_PT, ORGAN_PT = 16, 22, 26


def _font(run, family: str, size: float, colour: RGBColor | None = None, bold: bool = False):
    run.font.name = family
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    fonts_element = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts_element.set(qn(attribute), family)
    return run


def _paragraph(document, text: str, *, family=None, size=BODY_PT, colour=None, align=None, indent=False,
               bold=False, spacing=28, before=0, after=0):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(spacing, size + 4))
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Pt(size * 2)
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
    if text:
        _font(paragraph.add_run(text), family or fonts.BODY.family, size, colour, bold)
    return paragraph


_PPR_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                      "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                      "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                      "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                      "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _rule(paragraph, colour="C00000", size=12, where=("bottom",)):
    """Lines over and/or under `paragraph`: the paragraph borders GB/T 9704's rules are drawn
    with (w:pBdr in its schema position, top before bottom, so Word opens the file cleanly)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):
        if side not in where:
            continue
        line = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", colour)):
            line.set(qn(key), value)
        borders.append(line)
    properties.insert_element_before(borders, *_PPR_AFTER_BORDERS)


def _page_numbers(section):
    """— PAGE — centred in the footer (a PAGE field)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), fonts.BODY.family, 14)
    run = _font(paragraph.add_run(), fonts.BODY.family, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), fonts.BODY.family, 14)


def render(content: Content) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = document.styles["Normal"]
    style.font.name, style.font.size = fonts.BODY.family, Pt(BODY_PT)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts.BODY.family)
    # 版头: 发文机关标志 (red, 小标宋), 发文字号, the red rule.
    for organ in content.organs:
        _paragraph(document, organ, family=fonts.TITLE.family, size=ORGAN_PT, colour=RED,
                   align=WD_ALIGN_PARAGRAPH.CENTER, spacing=36)
    _paragraph(document, "", spacing=28)
    number = _paragraph(document, content.document_no, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _rule(number, "C00000", 18)
    _paragraph(document, "", spacing=28)
    # 主体: title, 主送机关, body.
    _paragraph(document, content.title, family=fonts.TITLE.family, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
               spacing=36, after=16)
    if content.addressee:
        _paragraph(document, content.addressee)
    for text in content.preface:
        _paragraph(document, text, indent=True)
    for case in content.cases:
        _paragraph(document, case.heading, indent=True, bold=True)
        _paragraph(document, case.paragraph, indent=True)
    _paragraph(document, content.totals, indent=True)
    for text in content.closing:
        _paragraph(document, text, indent=True)
    # 发文机关署名, 成文日期, 印章.
    _paragraph(document, "", spacing=28)
    _paragraph(document, SEAL, align=WD_ALIGN_PARAGRAPH.RIGHT, colour=RED)
    for organ in content.signature:
        _paragraph(document, organ, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, content.date_line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    # 版记: 印发机关和印发日期 between thin rules; the audit head under it.
    _paragraph(document, "", spacing=28)
    office = _paragraph(document, content.office_line, size=14)
    _rule(office, "000000", 8, ("top", "bottom"))
    _paragraph(document, content.audit_line, size=9, colour=GREY, spacing=14)
    _page_numbers(section)
    out = io.BytesIO()
    document.core_properties.title = content.title
    document.save(out)
    return out.getvalue()
