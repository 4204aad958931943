"""The materials a unit writes, as templates it downloads (附件2, 附件3 and the annex tables of 附件3 说明 2) and
the proposal it filled online (附件2) as DOCX and PDF, with the outlines' exact headings (documents.outlines).
The 软硬件配置清单 template is the hardware/software list's own (issue 18)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from egovpm.core import clock
from egovpm.documents.outlines import FEASIBILITY, PROPOSAL, Outline
from egovpm.official import domain as gb
from egovpm.official.pdf import PDF_VARIANT, layout_context
from egovpm.official.word import INDENT_2, para, set_a4_text_block

BLANK = "（请在此填写。）"
OPTIONAL_NOTE = "（带*号的内容按需提供）"
PROPOSAL_PRINT = "intake/proposal_print.html"

# The online proposal's eight fields (intake.models.Proposal), in the order of 附件2's chapters.
PROPOSAL_FIELDS = (
    "overview",
    "necessity",
    "status_and_needs",
    "content_plan_scale",
    "functions_and_indicators",
    "schedule",
    "investment_and_funding",
    "benefits",
)


@dataclass(frozen=True)
class Section:
    level: int  # 1: a chapter, 2: a section
    heading: str
    optional: bool
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Material:
    """A proposal or feasibility report to print: its outline's headings, with what is written under each."""

    attachment: str
    title: str
    project_name: str
    unit: str
    classification_note: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...]
    dated: str = ""


def blank_material(outline: Outline) -> Material:
    sections = tuple(
        Section(level, heading, optional, () if level == 1 and _has_children(outline, heading) else (BLANK,))
        for level, heading, optional in outline.numbered()
    )
    return Material(outline.attachment, outline.title, "", "", "", sections, outline.notes)


def _has_children(outline: Outline, heading: str) -> bool:
    rows = outline.numbered()
    i = next(i for i, row in enumerate(rows) if row[1] == heading)
    return i + 1 < len(rows) and rows[i + 1][0] == 2


def proposal_material(proposal) -> Material:
    """The online proposal (附件2): each chapter's text under its heading, 项目名称 and 项目建设单位 filled in."""
    d = proposal.declaration
    texts = {i: getattr(proposal, name) for i, name in enumerate(PROPOSAL_FIELDS)}
    filled = {"（一）项目名称": d.project.name, "（二）项目建设单位": d.unit.name}
    sections, chapter = [], -1
    for level, heading, optional in PROPOSAL.numbered():
        if level == 1:
            chapter += 1
            lines = tuple(line.strip() for line in texts[chapter].splitlines() if line.strip())
            sections.append(Section(1, heading, optional, lines))
        elif heading in filled:
            sections.append(Section(2, heading, optional, (filled[heading],)))
    return Material(
        PROPOSAL.attachment,
        PROPOSAL.title,
        d.project.name,
        d.unit.name,
        proposal.classification_note,
        tuple(sections),
        PROPOSAL.notes,
        dated=gb.official_date(clock.today()),
    )


def material_docx(material: Material) -> bytes:
    """A4 with the text block of GB/T 9704; the headings as Word's 标题 1 / 标题 2 (the navigation pane and a
    completeness check see them) in 黑体 and 楷体, the text in 仿宋_GB2312 3号."""
    doc = WordDocument()
    set_a4_text_block(doc)
    props = doc.core_properties
    props.title, props.subject = material.title, material.project_name
    props.author = props.last_modified_by = material.unit or "egovpm"
    props.created = props.modified = clock.now()
    para(doc, material.attachment, face=gb.HEITI)
    para(doc, material.title, face=gb.XIAOBIAOSONG, size_pt=gb.TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc)
    for label, value in (("项目名称", material.project_name), ("项目建设单位", material.unit)):
        para(doc, f"{label}：{value or '＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿'}")
    if material.classification_note:
        para(doc, f"密级要求：{material.classification_note}")
    if any(s.optional for s in material.sections):
        para(doc, OPTIONAL_NOTE, face=gb.KAITI)
    para(doc)
    for section in material.sections:
        face = gb.HEITI if section.level == 1 else gb.KAITI
        heading = para(doc, section.heading, face=face, indent=INDENT_2)
        heading.style = doc.styles[f"Heading {section.level}"]
        for run in heading.runs:  # the heading styles' own colour and face give way to the house's
            run.font.color.rgb = None
        for line in section.lines:
            para(doc, line, indent=INDENT_2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    para(doc)
    for note in material.notes:
        para(doc, note, size_pt=14)
    if material.dated:
        para(doc, material.dated, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def material_pdf(material: Material) -> bytes:
    # Imported here: WeasyPrint loads pango when imported; a host without it still serves every other page.
    from weasyprint import HTML

    html = render_to_string(PROPOSAL_PRINT, {"material": material, "generated_at": clock.now(), **layout_context()})
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)


# -- the annex tables of 附件3 说明 2, as XLSX templates ------------------------------------------------

SONG = "宋体"
MONEY = "#,##0.00"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class TableColumn:
    label: str
    width: float
    number_format: str = "@"  # text unless a number


@dataclass(frozen=True)
class AnnexTable:
    name: str  # the file's and the sheet's title
    columns: tuple[TableColumn, ...]
    rows: tuple[tuple, ...]  # pre-filled first cells (the usual items); the rest is the unit's
    blank_rows: int
    amount_formula: str = ""  # the amount column's formula, {r} the row, e.g. "=E{r}*F{r}"
    note: str = ""


WORKLOAD = AnnexTable(
    "应用系统定制开发工作量核算表",
    (
        TableColumn("序号", 6, "0"),
        TableColumn("子系统", 18),
        TableColumn("功能模块", 18),
        TableColumn("功能点描述", 36),
        TableColumn("工作量（人月）", 12, "0.00"),
        TableColumn("人月单价（万元）", 14, MONEY),
        TableColumn("金额（万元）", 14, MONEY),
        TableColumn("备注", 16),
    ),
    rows=(),
    blank_rows=15,
    amount_formula="=E{r}*F{r}",
    note="说明：工作量按功能点逐项核算；金额 = 工作量 × 人月单价；人月单价请注明依据。",
)
OM_COST = AnnexTable(
    "运行维护费估算表",
    (
        TableColumn("序号", 6, "0"),
        TableColumn("费用项目", 22),
        TableColumn("内容及计算依据", 40),
        TableColumn("数量", 8, "0.00"),
        TableColumn("单价（万元）", 12, MONEY),
        TableColumn("年度费用（万元）", 14, MONEY),
        TableColumn("备注", 16),
    ),
    rows=(
        ("软件运行维护",),
        ("硬件设备维护",),
        ("网络及通信线路",),
        ("云资源及机房租用",),
        ("安全服务（含等级测评、风险评估）",),
        ("其他",),
    ),
    blank_rows=2,
    amount_formula="=D{r}*E{r}",
    note="说明：按年度估算项目建成后的运行维护费用（第二十四条：运行维护经费按一般程序每年申报）。",
)


def annex_xlsx(table: AnnexTable) -> bytes:
    """The table as a sheet to fill in: title, 项目名称 and 单位 lines, the header, numbered rows whose amount
    is a formula, the 合计 row; 宋体, widths, number formats; printed on A4 landscape, header rows repeated."""
    wb = Workbook()
    ws = wb.active
    ws.title = table.name[:31]
    last = len(table.columns)
    font, bold = Font(name=SONG, size=11), Font(name=SONG, size=11, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(1, 1, table.name).font = Font(name=SONG, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.cell(2, 1, "项目名称：").font = font
    ws.cell(2, last, "单位：万元").font = font
    ws.cell(2, last).alignment = Alignment(horizontal="right")
    header = 3
    for col, column in enumerate(table.columns, 1):
        cell = ws.cell(header, col, column.label)
        cell.font, cell.border = bold, _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = column.width
    amount_col = next(
        i for i, c in enumerate(table.columns, 1) if c.label.endswith("（万元）") and "单价" not in c.label
    )
    first = header + 1
    count = len(table.rows) + table.blank_rows
    for i in range(count):
        r = first + i
        prefilled = table.rows[i] if i < len(table.rows) else ()
        values = (i + 1, *prefilled)
        for col, column in enumerate(table.columns, 1):
            cell = ws.cell(r, col, values[col - 1] if col <= len(values) else None)
            cell.font, cell.border, cell.number_format = font, _BOX, column.number_format
            cell.alignment = Alignment(vertical="center", wrap_text=column.number_format == "@")
        if table.amount_formula:
            ws.cell(r, amount_col, table.amount_formula.format(r=r))
    total = first + count
    ws.cell(total, 2, "合计").font = bold
    for col in range(1, last + 1):
        ws.cell(total, col).border = _BOX
    column_letter = ws.cell(total, amount_col).column_letter
    ws.cell(total, amount_col, f"=SUM({column_letter}{first}:{column_letter}{total - 1})")
    ws.cell(total, amount_col).number_format, ws.cell(total, amount_col).font = MONEY, bold
    if table.note:
        ws.cell(total + 2, 1, table.note).font = font
    ws.freeze_panes = ws.cell(first, 1)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.sheet_properties.pageSetUpPr.fitToPage = 1, True
    ws.page_setup.fitToHeight = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Template:
    slug: str
    label: str
    extension: str
    build: object  # () → bytes
    note: str = ""


TEMPLATES = (
    Template(
        "proposal", "启东市电子政务工程建设项目建议书（附件2）", "docx", lambda: material_docx(blank_material(PROPOSAL))
    ),
    Template(
        "feasibility",
        "启东市电子政务建设项目可行性研究报告（附件3）",
        "docx",
        lambda: material_docx(blank_material(FEASIBILITY)),
        "带*号的章节按需提供。",
    ),
    Template("workload", f"{WORKLOAD.name}（附件3 附表）", "xlsx", lambda: annex_xlsx(WORKLOAD)),
    Template("om_cost", f"{OM_COST.name}（附件3 附表，按需提供）", "xlsx", lambda: annex_xlsx(OM_COST)),
)
TEMPLATE_BY_SLUG = {t.slug: t for t in TEMPLATES}
