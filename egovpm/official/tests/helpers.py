"""Reading the generated files back: DOCX with python-docx, PDF with pypdf."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

MM = 36000  # EMU per millimetre


def docx_of(data: bytes):
    return WordDocument(io.BytesIO(data))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def east_asia_font(paragraph) -> str:
    run = paragraph.runs[0]
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def paragraph_with(doc, start: str):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def margins_mm(doc) -> dict:
    s = doc.sections[0]
    return {
        "width": round(s.page_width / MM),
        "height": round(s.page_height / MM),
        "top": round(s.top_margin / MM),
        "bottom": round(s.bottom_margin / MM),
        "left": round(s.left_margin / MM),
        "right": round(s.right_margin / MM),
    }


def pdf_of(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The base names of the fonts whose program is embedded in the file (FontFile, FontFile2 or FontFile3)."""
    found = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.add(str(font["/BaseFont"]).split("+")[-1])
    return found


def text_extent_mm(page) -> tuple[float, float, float, float]:
    """The left, right, lowest and highest positions (mm from the page's lower left corner) where text starts."""
    xs, ys = [], []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            xs.append(tm[4] * cm[0] + cm[4])
            ys.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    to_mm = 25.4 / 72
    return min(xs) * to_mm, max(xs) * to_mm, min(ys) * to_mm, max(ys) * to_mm
