"""Lists for Finance and the sharing platform as XLSX (openpyxl): the annual plan and the list of
pre-approved projects (第七条(四)); the tables of other apps (the resource catalog: egovpm.catalog.exports).

Each builder takes rows already read by a selector and returns the file's bytes; amounts are Decimal
万元 written as numbers with two decimals."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from egovpm.core.spreadsheet import as_text
from egovpm.security.http import attachment

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
TOTAL_LABEL = "合计"
SERIAL_LABEL = "序号"
# The offices' usual font for tables (Calibri, openpyxl's default, is not what they print).
FONT_NAME = "宋体"

_THIN = Side(style="thin", color="A6B0BB")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
_WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[object], object]
    width: int = 14
    money: bool = False


def _related(obj, relation: str, attr: str):
    try:
        return getattr(getattr(obj, relation), attr)
    except ObjectDoesNotExist:
        return None


PLAN_COLUMNS: tuple[Column, ...] = (
    Column("项目编号", lambda d: d.project.code, 14),
    Column("申报单位", lambda d: d.unit.name, 24),
    Column("主管部门", lambda d: d.unit.parent.name if d.unit.parent_id else "", 20),
    Column("项目名称", lambda d: d.project.name, 30),
    Column("项目性质", lambda d: d.get_nature_display(), 8),
    Column("预计总投资", lambda d: d.total_investment, money=True),
    Column("本年度申请资金合计", lambda d: d.current_total, money=True),
    Column("其中申请财政拨款", lambda d: d.current_fiscal, money=True),
    Column("单位自筹", lambda d: d.current_self_raised, money=True),
    Column("国家下拨", lambda d: d.current_national, money=True),
    Column("其他", lambda d: d.current_other, money=True),
    Column("状态", lambda d: d.get_stage_display(), 14),
    Column("初审意见", lambda d: d.initial_opinion, 40),
    Column("项目类别", lambda d: d.project.get_category_display(), 14),
    Column("建设类型", lambda d: d.project.get_work_kind_display(), 10),
    Column("涉及基础性系统（第六条）", lambda d: "、".join(d.infrastructure_areas), 16),
)
PREAPPROVED_COLUMNS: tuple[Column, ...] = (
    *PLAN_COLUMNS,
    Column("复核文号", lambda d: _related(d, "approval_opinion", "number") or "", 26),
    Column("核定投资", lambda d: _related(d, "approval_opinion", "approved_amount"), money=True),
)


def _font(**kwargs) -> Font:
    return Font(name=FONT_NAME, **kwargs)


def table_workbook(
    *, title: str, sheet: str, columns: Sequence[Column], rows: Iterable, with_total: bool = True
) -> bytes:
    """A sheet with a title row, a header row (frozen), one row per object numbered in a 序号 column and, if
    asked, a 合计 row that sums the money columns; every cell in 宋体, amounts as 万元 with two decimals."""
    serial = Column(SERIAL_LABEL, lambda obj: None, 6)
    columns = (serial, *columns)
    wb = Workbook()
    wb._named_styles["Normal"].font = _font(size=11)  # empty cells and new rows too
    ws = wb.active
    ws.title = sheet
    width = len(columns)
    ws.append([title])
    as_text(ws[1])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = _font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 28
    ws.append([c.label for c in columns])
    for cell in ws[2]:
        cell.font = _font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    totals = [Decimal("0.00") if c.money else None for c in columns]
    for number, obj in enumerate(rows, start=1):
        values = [number, *(c.value(obj) for c in columns[1:])]
        ws.append(values)
        as_text(ws[ws.max_row])
        for i, (column, value) in enumerate(zip(columns, values, strict=True)):
            if column.money and value is not None:
                totals[i] += value
    if with_total:
        ws.append([TOTAL_LABEL if i == 0 else total for i, total in enumerate(totals)])
        for cell in ws[ws.max_row]:
            cell.font = _font(bold=True)
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for column, cell in zip(columns, row, strict=True):
            cell.border = _BORDER
            cell.alignment = _WRAP
            if not cell.font.b:
                cell.font = _font()
            if column is serial:
                cell.alignment = Alignment(horizontal="center", vertical="top")
            if column.money:
                cell.number_format = MONEY_FORMAT
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# The declaration list as the page filters it (年度申报 → 导出).
DECLARATION_LIST_COLUMNS: tuple[Column, ...] = (
    Column("项目编号", lambda d: d.project.code, 14),
    Column("项目名称", lambda d: d.project.name, 30),
    Column("申报单位", lambda d: d.unit.name, 26),
    Column("计划年度", lambda d: d.plan_year.year, 8),
    Column("程序", lambda d: d.get_procedure_display(), 8),
    Column("项目类别", lambda d: d.project.get_category_display(), 14),
    Column("项目性质", lambda d: d.get_nature_display(), 8),
    Column("本年度申请资金合计", lambda d: d.current_total, money=True),
    Column("其中申请财政拨款", lambda d: d.current_fiscal, money=True),
    Column("单位自筹", lambda d: d.current_self_raised, money=True),
    Column("国家下拨", lambda d: d.current_national, money=True),
    Column("其他", lambda d: d.current_other, money=True),
    Column("状态", lambda d: d.stage_info.label, 16),
)


def declaration_list_xlsx(*, title: str, declarations: Iterable) -> bytes:
    """The declarations of the list page, filtered and sorted as the user chose."""
    return table_workbook(title=title, sheet="申报项目", columns=DECLARATION_LIST_COLUMNS, rows=declarations)


# 部门预算项目库 (第七条(五)): each section of the page, in the page's order.
BUDGET_SECTIONS = {
    "to_place": "待入库",
    "awaiting_plan": "待办公室报送",
    "placed": "已入库待安排资金",
    "funded": "已安排资金",
}
BUDGET_LIBRARY_COLUMNS: tuple[Column, ...] = (
    Column("库内状态", lambda row: BUDGET_SECTIONS[row[0]], 16),
    Column("计划年度", lambda row: row[1].plan_year.year, 8),
    Column("项目编号", lambda row: row[1].project.code, 14),
    Column("申报单位", lambda row: row[1].unit.name, 26),
    Column("项目名称", lambda row: row[1].project.name, 30),
    Column("复核文号", lambda row: _related(row[1], "approval_opinion", "number") or "", 26),
    Column("核定投资", lambda row: _related(row[1], "approval_opinion", "approved_amount"), money=True),
    Column("本年度申请资金合计", lambda row: row[1].current_total, money=True),
    Column("预算项目库编码", lambda row: _related(row[1], "budget_entry", "library_code") or "", 16),
    Column("年度安排资金", lambda row: _related(row[1], "budget_entry", "arranged_amount"), money=True),
)


def budget_library_xlsx(*, title: str, sections: dict) -> bytes:
    """The budget project library page (its sections, as `selectors_plan.budget_library_sections` reads them)."""
    rows = [(key, decl) for key in BUDGET_SECTIONS for decl in sections.get(key, [])]
    return table_workbook(title=title, sheet="部门预算项目库", columns=BUDGET_LIBRARY_COLUMNS, rows=rows)


def annual_plan_xlsx(*, year: int, declarations: Iterable) -> bytes:
    """市电子政务年度计划 (第七条(四)): every declaration of the year that reached the Office."""
    return table_workbook(
        title=f"{year}年度市电子政务年度计划（金额单位：万元）",
        sheet=f"{year}年度计划",
        columns=PLAN_COLUMNS,
        rows=declarations,
    )


def preapproved_xlsx(*, year: int, declarations: Iterable) -> bytes:
    """预审合格项目清单 (第七条(四)): projects that passed the re-review, with the written opinion."""
    return table_workbook(
        title=f"{year}年度电子政务预审合格项目清单（金额单位：万元）",
        sheet="预审合格项目清单",
        columns=PREAPPROVED_COLUMNS,
        rows=declarations,
    )


def xlsx_response(content: bytes, filename: str, *, fallback: str = "export.xlsx") -> HttpResponse:
    """An XLSX download with a Chinese file name."""
    return attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), filename, fallback)


# 第七条(二): the centralized procurement plan of a plan year, as a sheet and as a PDF to print and file.
CENTRAL_PROCUREMENT_COLUMNS: tuple[Column, ...] = (
    Column("类别", lambda line: line.get_category_display(), 8),
    Column("品目名称", lambda line: line.name, 22),
    Column("规格型号", lambda line: line.specification, 30),
    Column("数量", lambda line: line.quantity, 8),
    Column("预算金额", lambda line: line.amount, money=True),
    Column("需求项目", lambda line: "；".join(f"{d.project.name}（{d.unit}）" for d in line.declarations.all()), 50),
)


def _central_title(plan) -> str:
    state = plan.number if plan.issued else "草案"
    return f"{plan.plan_year.year}年度电子政务项目集中采购计划（{state}，金额单位：万元）"


def central_procurement_xlsx(plan) -> bytes:
    return table_workbook(
        title=_central_title(plan), sheet="集中采购计划", columns=CENTRAL_PROCUREMENT_COLUMNS, rows=plan.lines.all()
    )


def central_procurement_pdf(plan) -> bytes:
    """The plan as PDF (A4 landscape) with the CJK fonts embedded."""
    from django.template.loader import render_to_string
    from weasyprint import HTML  # loads pango when imported: only here

    lines = list(plan.lines.all())
    html = render_to_string(
        "intake/central_procurement_print.html",
        {
            "plan": plan,
            "title": _central_title(plan),
            "lines": lines,
            "amount": sum((line.amount for line in lines), Decimal("0.00")),
        },
    )
    return HTML(string=html).write_pdf()
