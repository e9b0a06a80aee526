"""A4 PDF documents on fpdf2 with the CJK faces embedded (as subsets of what is used).

`Document` knows headings, paragraphs, key-figure tables and images; the periodic
reports and the bulletin's PDF are built from these. Given the `text` it will print,
it embeds faces cut down to those characters (fonts.cached_subset: cut once per text,
then reused); without it, the whole faces (fonts.face_file).
"""

import logging
import string

from fpdf import FPDF
from fpdf.fonts import FontFace

from qingfeng.documents import fonts

RED, BLACK, GREY = (190, 20, 20), (0, 0, 0), (90, 90, 90)
# The faces by the names the methods below use.
FACES = {"sans": fonts.SANS, "sansb": fonts.SANS_BOLD, "title": fonts.TITLE, "body": fonts.BODY}
ALWAYS = string.printable + "—…·、，。；：（）《》“”％"  # what layout adds: page numbers, ellipses
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset; dropped" on every cut


class Document:
    """One A4 document being written; `bytes()` at the end."""

    def __init__(self, title: str, *, margins=(20, 20, 20), text: str | None = None, faces=None):
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(*margins)
        self.pdf.set_auto_page_break(True, margin=18)
        self.pdf.set_title(title)
        self.pdf.set_creator("Qingfeng")
        if text is not None:
            text = "".join(sorted(set(text + title + ALWAYS)))
        for name, font in (faces or FACES).items():
            path = fonts.face_file(font) if text is None else fonts.cached_subset(font, text)
            self.pdf.add_font(name, fname=str(path))
        self.pdf.add_page()
        self.width = self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    def text(self, text: str, *, font="body", size=12, colour=BLACK, align="L", height=None, gap=0):
        self.pdf.set_font(font, size=size)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(self.width, height or size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT")
        if gap:
            self.pdf.ln(gap)

    def title(self, text: str, size=20, colour=BLACK):
        self.text(text, font="title", size=size, colour=colour, align="C", gap=4)

    def heading(self, text: str, size=14):
        self.pdf.ln(2)
        self.text(text, font="sansb", size=size, gap=1)

    def rule(self, colour=RED, thickness=0.6):
        self.pdf.set_draw_color(*colour)
        self.pdf.set_line_width(thickness)
        y = self.pdf.get_y()
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(3)

    def table(self, headings: list[str], rows: list[list], *, widths=None, size=8.5, numbers_from=1):
        """A table with a repeated heading row; columns from `numbers_from` on are right-aligned."""
        self.pdf.set_font("sans", size=size)
        self.pdf.set_text_color(*BLACK)
        align = ["LEFT"] * numbers_from + ["RIGHT"] * (len(headings) - numbers_from)
        head = FontFace(family="sansb", emphasis=None, fill_color=(235, 235, 235))
        with self.pdf.table(col_widths=widths, text_align=align, headings_style=head, line_height=size * 0.6,
                            repeat_headings=1, first_row_as_headings=True) as table:
            for cells in [headings, *rows]:
                row = table.row()
                for cell in cells:
                    row.cell("" if cell is None else str(cell))
        self.pdf.ln(3)

    def image(self, png: bytes, *, width=None):
        import io

        self.pdf.image(io.BytesIO(png), w=width or self.width)
        self.pdf.ln(2)

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())
