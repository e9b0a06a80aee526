"""The bulletin as a PDF (for printing and, in its public version, for the 曝光台):
the same parts as the Word file, on qingfeng.documents.pdf with its faces embedded
(subsets), GB/T 9704 margins, and "— N —" page numbers."""

import dataclasses
import types

from qingfeng.bulletins.content import SEAL, Content
from qingfeng.documents import fonts
from qingfeng.documents import pdf as documents_pdf

LEFT, TOP, RIGHT, BOTTOM = 28, 37, 26, 35
PT = 0.3528  # mm per point
RED = documents_pdf.RED


def _footer(fpdf):
    fpdf.set_y(-BOTTOM + 12)
    fpdf.set_font("body", size=14)
    fpdf.set_text_color(0, 0, 0)
    fpdf.cell(0, 8, f"— {fpdf.page_no()} —", align="C")


FACES = {"title": fonts.TITLE, "body": fonts.BODY}


def characters(content: Content) -> str:
    """Every character `content` prints (and the page numbers'), for the font subsets."""
    texts = [value for value in dataclasses.astuple(content) if isinstance(value, str)]
    for value in (content.organs, content.preface, content.closing, content.signature,
                  [t for case in content.cases for t in (case.heading, case.paragraph)]):
        texts.extend(value)
    return "".join(sorted(set("".join(texts) + SEAL + "— 0123456789")))


def render(content: Content, text: str | None = None) -> bytes:
    """The PDF of `content`; `text` (a superset of its characters) lets two renderings of
    one bulletin — office and public — share one font subset."""
    document = documents_pdf.Document(content.title, margins=(LEFT, TOP, RIGHT), text=text or characters(content),
                                      faces=FACES)
    fpdf = document.pdf
    fpdf.set_auto_page_break(True, margin=BOTTOM)
    fpdf.footer = types.MethodType(_footer, fpdf)  # the page number on every page, drawn at its end
    body = 28 * PT  # 28 pt lines

    def paragraph(text, *, indent=True, align="J", size=16, colour=documents_pdf.BLACK, font="body", height=body):
        fpdf.set_font(font, size=size)
        fpdf.set_text_color(*colour)
        if indent:  # first line indented two characters: write() flows on from x, back to the margin
            fpdf.set_x(fpdf.l_margin + 2 * size * PT)
            fpdf.write(height, text)
            fpdf.ln(height)
        else:
            fpdf.multi_cell(document.width, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    for organ in content.organs:
        document.text(organ, font="title", size=26, colour=RED, align="C", height=36 * PT)
    fpdf.ln(6)
    document.text(content.document_no, font="body", size=16, align="C", height=body)
    fpdf.ln(1)
    document.rule(colour=RED, thickness=0.8)
    fpdf.ln(4)
    document.text(content.title, font="title", size=22, align="C", height=36 * PT)
    fpdf.ln(4)
    if content.addressee:
        paragraph(content.addressee, indent=False, align="L")
    for text in content.preface:
        paragraph(text)
    for case in content.cases:
        paragraph(case.heading, font="title", size=16)
        paragraph(case.paragraph)
    paragraph(content.totals)
    for text in content.closing:
        paragraph(text)
    fpdf.ln(8)
    paragraph(SEAL, indent=False, align="R", colour=RED)
    for organ in content.signature:
        paragraph(organ, indent=False, align="R")
    paragraph(content.date_line, indent=False, align="R")
    fpdf.ln(8)
    document.rule(colour=documents_pdf.BLACK, thickness=0.3)
    paragraph(content.office_line, indent=False, align="L", size=14)
    document.rule(colour=documents_pdf.BLACK, thickness=0.3)
    document.text(content.audit_line, font="body", size=8, colour=documents_pdf.GREY, align="L", height=4)
    return document.bytes()
