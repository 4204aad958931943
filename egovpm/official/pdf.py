"""An OfficialText as PDF/A-2b (WeasyPrint) in the GB/T 9704-2012 layout, with open fonts embedded (Debian's
fonts-noto-cjk, SIL OFL): Noto Serif CJK for the 仿宋 and 小标宋 look, Noto Sans CJK for 黑体."""

from __future__ import annotations

from django.template.loader import render_to_string

from egovpm.core import clock

from . import domain as d

PDF_CONTENT_TYPE = "application/pdf"
PDF_VARIANT = "pdf/a-2b"  # the archival profile: the offices file what they issue
TEMPLATE = "official/official_print.html"


def layout_context() -> dict:
    """The page and type of GB/T 9704 for the print template, in its units."""
    return {
        "margin": f"{d.MARGIN_TOP_MM}mm {d.MARGIN_OUTER_MM}mm {d.MARGIN_BOTTOM_MM}mm {d.MARGIN_BINDING_MM}mm",
        "body_pt": d.BODY_PT,
        "line_pt": f"{d.LINE_PITCH_PT:.2f}",
        "tracking_pt": f"{d.CHAR_PITCH_PT - d.BODY_PT:.3f}",  # 28 characters fill 156 mm exactly
        "title_pt": d.TITLE_PT,
        "page_number_pt": d.PAGE_NUMBER_PT,
        "serif": d.PDF_SERIF,
        "sans": d.PDF_SANS,
        "red": f"#{d.RED}",
    }


def official_pdf(text: d.OfficialText) -> bytes:
    # Imported here: WeasyPrint loads pango when imported; a host without it still serves every other page.
    from weasyprint import HTML

    context = {
        "doc": text,
        "issuer_pt": d.issuer_size_pt(text.issuer),
        "levels": {d.H1: "h1", d.H2: "h2", d.H3: "h3", d.H4: "h4"},
        "generated_at": clock.now(),
        **layout_context(),
    }
    html = render_to_string(TEMPLATE, context)
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
