"""Reading back what the platform printed: the fonts of a PDF (by pdfium), its pages as images."""

import ctypes

import pypdfium2
import pypdfium2.raw as pdfium


def pdf_fonts(pdf_bytes: bytes) -> dict[str, bool]:
    """{base font name: embedded?} over every text object of every page."""
    found = {}
    document = pypdfium2.PdfDocument(pdf_bytes)
    for page in document:
        for obj in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_TEXT]):
            font = pdfium.FPDFTextObj_GetFont(obj.raw)
            size = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
            buffer = ctypes.create_string_buffer(size)
            pdfium.FPDFFont_GetBaseFontName(font, buffer, size)
            embedded = pdfium.FPDFFont_GetIsEmbedded(font)
            found[buffer.value.decode("utf-8", "replace")] = bool(embedded)
    return found


def pdf_text(pdf_bytes: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf_bytes)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def pdf_page_png(pdf_bytes: bytes, path, page: int = 0, scale: float = 1.5) -> None:
    pypdfium2.PdfDocument(pdf_bytes)[page].render(scale=scale).to_pil().save(path)
