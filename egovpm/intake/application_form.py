"""附件1 《启东市电子政务工程建设项目申报表》 as a file a unit prints, stamps (盖章) and files, and the
Office archives: DOCX (python-docx) and PDF (WeasyPrint), both in the attachment's layout.

`application_form_content` reads a declaration into plain data once; the two renderers lay that data
out, so every label and amount is written the same way in both files."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import render_to_string
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from egovpm.core import clock
from egovpm.core.money import fmt_wan
from egovpm.documents.domain import safe_name
from egovpm.documents.models import DocumentKind
from egovpm.intake.domain import FUNDING_COLUMNS, FUNDING_ROWS
from egovpm.intake.models import Nature
from egovpm.security.masking import phone_for

ATTACHMENT_MARK = "附件1"
TITLE = "启东市电子政务工程建设项目申报表"
STAMP = "（盖章）"
UNDATED = "　　　　年　　月　　日"  # a draft: left for the unit to date by hand
NOTE = (
    "注：项目建设内容应按信息网络系统、信息资源系统及信息业务系统作说明；"
    "一张表格只能填写一个项目；如内容较多可另附说明。"
)
WAN = "万元"
CHECKED, UNCHECKED = "☑", "☐"
ONLINE_PROPOSAL = "项目建议书（附件2，在线填写）"
UPLOADED_MATERIALS = "已上传材料："
PRINT_TEMPLATE = "intake/application_form_print.html"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
PDF_VARIANT = "pdf/a-2b"  # the archival profile of PDF: the Office files the form


@dataclass(frozen=True)
class Entry:
    """One labelled cell of the form; `value` may hold several lines."""

    label: str
    value: str

    @property
    def lines(self) -> list[str]:
        return self.value.splitlines()


@dataclass(frozen=True)
class Box:
    label: str
    checked: bool

    @property
    def mark(self) -> str:
        return CHECKED if self.checked else UNCHECKED

    def __str__(self) -> str:
        return f"{self.mark} {self.label}"


@dataclass(frozen=True)
class Choice:
    """A question answered by ticking one box: 项目性质, or 是/否 of 前期工作."""

    label: str
    boxes: tuple[Box, ...]

    @property
    def text(self) -> str:
        return "　".join(str(box) for box in self.boxes)


@dataclass(frozen=True)
class FundingRow:
    label: str
    amounts: tuple[str, ...]


@dataclass(frozen=True)
class ApplicationForm:
    """The content of 附件1, every value already written as it is printed."""

    attachment_mark: str
    title: str
    year_line: str
    project_code: str
    unit: Entry
    stamp: str
    submitted_on: Entry
    project_name: Entry
    leader_name: Entry
    leader_phone: Entry
    start_date: Entry
    planned_end_date: Entry
    nature: Choice
    purpose_and_content: Entry
    preliminary_work: str
    plan_compiled: Choice
    plan_expert_reviewed: Choice
    total_investment: Entry
    annual_requirement: Entry
    funding_columns: tuple[str, ...]
    funding_rows: tuple[FundingRow, ...]
    attachments: Entry
    remarks: Entry
    note: str

    @property
    def footer(self) -> str:
        """Printed at the foot of every page so that an archived copy finds its project."""
        return f"项目编号：{self.project_code}"

    @property
    def row_labels(self) -> tuple[str, ...]:
        """Every row label of the table, in the attachment's order."""
        return (
            self.project_name.label,
            self.leader_name.label,
            self.leader_phone.label,
            self.start_date.label,
            self.planned_end_date.label,
            self.nature.label,
            self.purpose_and_content.label,
            self.preliminary_work,
            self.plan_compiled.label,
            self.plan_expert_reviewed.label,
            self.total_investment.label,
            self.annual_requirement.label,
            *self.funding_columns,
            *(row.label for row in self.funding_rows),
            self.attachments.label,
            self.remarks.label,
        )


def chinese_date(day: dt.date | None) -> str:
    """2026年10月15日, as on the attachment; "" when there is no date."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _yes_no(label: str, value: bool) -> Choice:
    return Choice(label, (Box("是", value), Box("否", not value)))


def _material_labels(declaration) -> list[str]:
    """The declaration's materials as they were when it was submitted (each kind's newest version uploaded
    by then, with its number; later uploads, e.g. the feasibility materials, are not of the 附件1), in the
    order of DocumentKind, with the proposal when it was filled online. A draft lists its current ones."""
    documents = declaration.documents.order_by("kind", "-version")
    if declaration.submitted_at:
        documents = documents.filter(uploaded_at__lte=declaration.submitted_at)
    versions: dict[str, int] = {}
    for kind, version in documents.values_list("kind", "version"):
        versions.setdefault(kind, version)
    labels = [f"{kind.label}第{versions[kind]}版" for kind in DocumentKind if kind in versions]
    try:
        declaration.proposal  # noqa: B018 — only whether it exists matters
    except ObjectDoesNotExist:
        return labels
    return [ONLINE_PROPOSAL, *labels]


def application_form_content(declaration, viewer=None) -> ApplicationForm:
    """Read a declaration (with its project, unit and plan year) into the content of 附件1. For a
    `viewer`, personal data is shown as they may see it (egovpm.security.masking)."""
    d = declaration
    submitted_on = d.submitted_at.astimezone(clock.TZ).date() if d.submitted_at else None
    materials = _material_labels(d)
    attachment_lines = [line for line in d.attachments_note.splitlines() if line.strip()]
    if materials:
        attachment_lines.append(UPLOADED_MATERIALS + "、".join(materials))
    return ApplicationForm(
        attachment_mark=ATTACHMENT_MARK,
        title=TITLE,
        year_line=f"（{d.plan_year.year} 年度）",
        project_code=d.project.code,
        unit=Entry("申报部门", d.unit.name),
        stamp=STAMP,
        submitted_on=Entry("申报日期", chinese_date(submitted_on)),
        project_name=Entry("项目名称", d.project.name),
        leader_name=Entry("项目负责人", d.leader_name),
        leader_phone=Entry("联系电话", d.leader_phone if viewer is None else phone_for(viewer, d, d.leader_phone)),
        start_date=Entry("启动日期", chinese_date(d.start_date)),
        planned_end_date=Entry("计划完成日期", chinese_date(d.planned_end_date)),
        nature=Choice("项目性质", tuple(Box(label, d.nature == value) for value, label in Nature.choices)),
        purpose_and_content=Entry("建设目的和内容", d.purpose_and_content),
        preliminary_work="前期工作",
        plan_compiled=_yes_no("规划编制", d.plan_compiled),
        plan_expert_reviewed=_yes_no("规划通过专家论证", d.plan_expert_reviewed),
        total_investment=Entry("预计总投资", f"{fmt_wan(d.total_investment)} {WAN}"),
        annual_requirement=Entry("年度需要资金", f"{fmt_wan(d.annual_requirement)} {WAN}"),
        funding_columns=tuple(FUNDING_COLUMNS.values()),
        funding_rows=tuple(
            FundingRow(f"{label}（{WAN}）", tuple(fmt_wan(getattr(d, f"{row}_{col}")) for col in FUNDING_COLUMNS))
            for row, label in FUNDING_ROWS.items()
        ),
        attachments=Entry("申报附件", "\n".join(attachment_lines)),
        remarks=Entry("备注", d.remarks),
        note=NOTE,
    )


def application_form_filename(form: ApplicationForm, extension: str) -> str:
    """申报表（2027年度）-QD2027-0001-互联网医院.docx; no path separators from the project name."""
    name = form.project_name.value.replace("/", "_").replace("\\", "_")
    year = form.year_line.strip("（）").replace(" ", "")
    return safe_name(f"申报表（{year}）-{form.project_code}-{name}") + f".{extension}"


# -- DOCX ---------------------------------------------------------------------------------------------

# Fonts every office PC (Windows Office or WPS) has: 宋体 for the text, 黑体 for the title.
BODY_FONT, TITLE_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
BODY_SIZE, TABLE_SIZE, TITLE_SIZE = Pt(12), Pt(10.5), Pt(18)
# A4 with the margins of an official form; the table fills the text width (166 mm).
PAGE_MARGINS = {"top": Mm(25), "bottom": Mm(20), "left": Mm(22), "right": Mm(22)}
LABEL_WIDTH, VALUE_WIDTH = Mm(36), Mm(26)
ROW_HEIGHT, FUNDING_ROW_HEIGHT = Mm(10), Mm(12)
CELL_MARGINS = {"top": 57, "left": 85, "bottom": 57, "right": 85}  # twentieths of a point: 1 mm, 1.5 mm
TALL_ROWS = {"purpose_and_content": Mm(62), "attachments": Mm(22), "remarks": Mm(15)}


def _font(run, *, east_asia: str = BODY_FONT, size=None, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = size
    run.font.bold = bold


def _paragraph(container, text: str = "", *, align=None, size=BODY_SIZE, east_asia=BODY_FONT, bold=False):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if text:
        _font(paragraph.add_run(text), east_asia=east_asia, size=size, bold=bold)
    return paragraph


def _cell(cell, lines: list[str] | str, *, align=WD_ALIGN_PARAGRAPH.CENTER, top: bool = False) -> None:
    """Write `lines` into a table cell, one paragraph each."""
    if isinstance(lines, str):
        lines = [lines]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP if top else WD_CELL_VERTICAL_ALIGNMENT.CENTER
    first = cell.paragraphs[0]
    for i, line in enumerate(lines or [""]):
        paragraph = first if i == 0 else cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        if line:
            _font(paragraph.add_run(line), size=TABLE_SIZE)


def _cell_margins(table) -> None:
    """Room between the text and the rules of every cell, as on the printed form."""
    margins = OxmlElement("w:tblCellMar")
    for side, width in CELL_MARGINS.items():
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _row(table, index: int, height=ROW_HEIGHT):
    row = table.rows[index]
    row.height = height
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    cant_split = OxmlElement("w:cantSplit")  # a row is never cut across two pages
    row._tr.get_or_add_trPr().append(cant_split)
    return row.cells


def _wide(cells, entry: Entry, *, top: bool = False) -> None:
    """A label and one value spanning the five other columns."""
    _cell(cells[0], entry.label)
    _cell(cells[1].merge(cells[5]), entry.lines, align=WD_ALIGN_PARAGRAPH.LEFT, top=top)


def _pair(cells, left: Entry, right: Entry) -> None:
    """Two labelled values side by side: label | value (2 columns) | label | value (2 columns)."""
    _cell(cells[0], left.label)
    _cell(cells[1].merge(cells[2]), left.value)
    _cell(cells[3], right.label)
    _cell(cells[4].merge(cells[5]), right.value)


def application_docx(form: ApplicationForm) -> bytes:
    """The form as a Word document (A4 portrait), ready to print and stamp."""
    doc = WordDocument()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, margin in PAGE_MARGINS.items():
        setattr(section, f"{side}_margin", margin)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    props = doc.core_properties
    props.title = f"{form.title}{form.year_line}"
    props.subject = form.project_name.value
    props.author = props.last_modified_by = form.unit.value
    props.keywords = form.project_code
    props.created = props.modified = clock.now()

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(footer.add_run(form.footer), size=Pt(9))
    footer.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    _paragraph(doc, form.attachment_mark, east_asia=TITLE_FONT, size=BODY_SIZE)
    title = _paragraph(doc, form.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_SIZE, east_asia=TITLE_FONT)
    title.paragraph_format.space_before = Pt(6)
    title.paragraph_format.space_after = Pt(2)
    _paragraph(doc, form.year_line, align=WD_ALIGN_PARAGRAPH.CENTER)

    # 申报部门: ____ (盖章)      申报日期: ____ — the date flush right on a tab stop
    meta = doc.add_paragraph()
    meta.paragraph_format.tab_stops.add_tab_stop(Mm(166), WD_TAB_ALIGNMENT.RIGHT)
    meta.paragraph_format.space_after = Pt(4)
    _font(meta.add_run(f"{form.unit.label}："))
    unit = meta.add_run(form.unit.value)
    _font(unit)
    unit.font.underline = True
    _font(meta.add_run(f"{form.stamp}\t{form.submitted_on.label}："))
    _font(meta.add_run(form.submitted_on.value or UNDATED))

    table = doc.add_table(rows=12, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the widths of the cells, LibreOffice and WPS those of the grid: set both.
    for i, column in enumerate(table.columns):
        column.width = LABEL_WIDTH if i == 0 else VALUE_WIDTH
        for cell in column.cells:
            cell.width = column.width
    _cell_margins(table)

    _wide(_row(table, 0), form.project_name)
    _pair(_row(table, 1), form.leader_name, form.leader_phone)
    _pair(_row(table, 2), form.start_date, form.planned_end_date)
    cells = _row(table, 3)
    _cell(cells[0], form.nature.label)
    _cell(cells[1].merge(cells[5]), form.nature.text, align=WD_ALIGN_PARAGRAPH.LEFT)
    _wide(_row(table, 4, TALL_ROWS["purpose_and_content"]), form.purpose_and_content, top=True)
    cells = _row(table, 5)
    _cell(cells[0], form.preliminary_work)
    _cell(
        cells[1].merge(cells[5]),
        f"{form.plan_compiled.label}（{form.plan_compiled.text}）　　"
        f"{form.plan_expert_reviewed.label}（{form.plan_expert_reviewed.text}）",
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _pair(_row(table, 6), form.total_investment, form.annual_requirement)
    cells = _row(table, 7, FUNDING_ROW_HEIGHT)
    for cell, label in zip(cells[1:], form.funding_columns, strict=True):
        _cell(cell, label)
    for index, funding in enumerate(form.funding_rows, start=8):
        cells = _row(table, index, FUNDING_ROW_HEIGHT)
        _cell(cells[0], funding.label)
        for cell, amount in zip(cells[1:], funding.amounts, strict=True):
            _cell(cell, amount, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _wide(_row(table, 10, TALL_ROWS["attachments"]), form.attachments, top=True)
    _wide(_row(table, 11, TALL_ROWS["remarks"]), form.remarks, top=True)

    note = _paragraph(doc, form.note, size=TABLE_SIZE)
    note.paragraph_format.space_before = Pt(4)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- PDF ----------------------------------------------------------------------------------------------


def application_pdf(form: ApplicationForm) -> bytes:
    """The form as PDF/A-2b (A4), from the print template, with the CJK fonts embedded."""
    # Imported here: WeasyPrint loads pango when imported; a host without it still serves every other page.
    from weasyprint import HTML

    html = render_to_string(PRINT_TEMPLATE, {"form": form, "undated": UNDATED, "generated_at": clock.now()})
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
