"""An OfficialText as a Word document (python-docx) in the GB/T 9704-2012 layout, naming the faces the
offices' PCs have (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312), East Asian attribute included, so that it
opens and prints in Word or WPS as the office would have typed it."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from egovpm.core import clock

from . import domain as d

# What follows w:pBdr in w:pPr (ECMA-376 CT_PPrBase): Word refuses a file whose elements are out of order.
AFTER_PBDR = tuple(
    f"w:{tag}"
    for tag in [
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RED = RGBColor.from_string(d.RED)
LINE = Pt(d.LINE_PITCH_PT)
INDENT_2 = Pt(2 * d.BODY_PT)  # 首行缩进二字


def font(run, east_asia: str, size_pt: float = d.BODY_PT, *, bold: bool = False, color: RGBColor | None = None):
    """Name the face for Latin and East Asian text alike (w:ascii, w:hAnsi, w:eastAsia)."""
    run.font.name = d.LATIN
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def para(doc, text: str = "", *, face: str = d.FANGSONG, size_pt: float = d.BODY_PT, align=None, indent=None, **kw):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if size_pt <= d.BODY_PT else Pt(max(d.LINE_PITCH_PT, size_pt * 1.3))
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        font(p.add_run(text), face, size_pt, **kw)
    return p


def _rules(paragraph, *edges: str, color: str, size_eighths: int) -> None:
    """Rules across the text width: the paragraph's top and/or bottom border (w:pBdr, in its schema place)."""
    pbdr = OxmlElement("w:pBdr")
    for edge in edges:
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", str(size_eighths)), ("space", "1"), ("color", color)):
            line.set(qn(f"w:{key}"), value)
        pbdr.append(line)
    paragraph._p.get_or_add_pPr().insert_element_before(pbdr, *AFTER_PBDR)


def _page_number(footer, *, align) -> None:
    """— PAGE — in 4号 宋体, a character in from the outer edge (7.5)."""
    p = footer.paragraphs[0]
    p.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(d.PAGE_NUMBER_PT)
    else:
        p.paragraph_format.left_indent = Pt(d.PAGE_NUMBER_PT)
    font(p.add_run("— "), d.SONGTI, d.PAGE_NUMBER_PT)
    run = font(p.add_run(), d.SONGTI, d.PAGE_NUMBER_PT)
    for tag, attrs in (
        ("w:fldChar", {"w:fldCharType": "begin"}),
        ("w:instrText", {}),
        ("w:fldChar", {"w:fldCharType": "end"}),
    ):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        if tag == "w:instrText":
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        run._r.append(el)
    font(p.add_run(" —"), d.SONGTI, d.PAGE_NUMBER_PT)


def set_a4_text_block(doc) -> None:
    """A4 with the margins, the line and character grid, the body type and the page numbers of GB/T 9704."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(d.PAGE_WIDTH_MM), Mm(d.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(d.MARGIN_TOP_MM), Mm(d.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(d.MARGIN_BINDING_MM), Mm(d.MARGIN_OUTER_MM)
    section.gutter = Mm(0)
    section.footer_distance = Mm(d.MARGIN_BOTTOM_MM - 7 - 5)  # the number's line 7 mm below the text block
    # The document grid: 22 lines of 28 characters (Word and WPS snap the text to it).
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(d.LINE_PITCH_PT * 20)))
    grid.set(qn("w:charSpace"), str(round((d.CHAR_PITCH_PT - d.BODY_PT) * 4096)))
    # 单页码居右，双页码居左
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, align=WD_ALIGN_PARAGRAPH.LEFT)
    normal = doc.styles["Normal"]
    normal.font.name = d.LATIN
    normal.font.size = Pt(d.BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), d.FANGSONG)


def official_docx(text: d.OfficialText) -> bytes:
    doc = WordDocument()
    set_a4_text_block(doc)
    props = doc.core_properties
    props.title, props.subject, props.keywords = text.title, text.kind_label, f"{text.number} {text.reference}".strip()
    props.author = props.last_modified_by = text.issuer
    props.created = props.modified = clock.now()

    center = WD_ALIGN_PARAGRAPH.CENTER
    # 版头: the issuing authority in red, the number, the red rule
    para(doc, text.issuer, face=d.XIAOBIAOSONG, size_pt=d.issuer_size_pt(text.issuer), align=center, color=RED)
    para(doc)
    number = para(doc, text.number, align=center)
    _rules(number, "bottom", color=d.RED, size_eighths=12)
    para(doc)
    para(doc)
    # 主体: the title, the addressee, the body, the attachments, the signature and date
    para(doc, text.title, face=d.XIAOBIAOSONG, size_pt=d.TITLE_PT, align=center)
    para(doc)
    if text.addressee:
        para(doc, f"{text.addressee}：")
    for block in text.blocks:
        para(doc, block.text, face=d.LEVEL_FONTS[block.level], indent=INDENT_2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if text.attachments:
        para(doc)
        for line in text.attachment_lines():
            para(doc, line, indent=INDENT_2)
    para(doc)
    para(doc)
    for line in (text.signed_by, text.date_text):
        p = para(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(4 * d.BODY_PT)  # 成文日期右空四字
    # 版记: 抄送 and 印发, between rules
    para(doc)
    if text.copies_to:
        copies = para(doc, f"抄送：{text.copies_to}。", size_pt=d.PAGE_NUMBER_PT)
        _rules(copies, "top", color="000000", size_eighths=8)
    printed = para(doc, f"{text.issuer}\t{text.printed_on}", size_pt=d.PAGE_NUMBER_PT)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(d.TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _rules(printed, *(("bottom",) if text.copies_to else ("top", "bottom")), color="000000", size_eighths=8)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
