"""第七条(二): the XLSX template of the hardware and software configuration list (软硬件配置清单) and its
import. What a cell holds is read as a value, never as a formula: a formula cell is refused at its row."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from egovpm.core.spreadsheet import as_text, looks_like_formula

HEADERS = ("类别（硬件/软件）", "品目名称", "规格型号", "数量", "单价（万元）", "是否国产（是/否）")
CATEGORIES = {"硬件": "equipment", "设备": "equipment", "软件": "software"}
YES_NO = {"是": True, "否": False}
MAX_ROWS = 500


def template_xlsx(example: bool = True) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "软硬件配置清单"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    if example:
        ws.append(("硬件", "服务器", "2路 32核 256G内存", 2, 8.5, "是"))
        ws.append(("软件", "数据库管理系统", "国产关系型数据库 企业版", 1, 12, "是"))
    for col, width in zip("ABCDEF", (16, 24, 36, 8, 14, 18), strict=True):
        ws.column_dimensions[col].width = width
    as_text(c for row in ws.iter_rows() for c in row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def read_configuration(content: bytes) -> tuple[list[dict], list[str]]:
    """(the rows as the service's data, the problems — each “第N行：…”). Nothing is half read: a caller
    stores the rows only when there is no problem."""
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], ["文件不是有效的 XLSX 表格，请使用平台提供的模板。"]
    ws = wb.worksheets[0]
    rows, problems = [], []
    for number, row in enumerate(ws.iter_rows(min_row=2, values_only=False), start=2):
        values = [c.value for c in row[:6]] + [None] * max(0, 6 - len(row))
        if all(v is None or _text(v) == "" for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            problems.append(f"一次最多导入 {MAX_ROWS} 行。")
            break
        found = []
        if any(getattr(c, "data_type", "") == "f" or looks_like_formula(_text(c.value)) for c in row[:6]):
            problems.append(f"第{number}行：不接受公式，请填写数值或文字。")
            continue
        category = CATEGORIES.get(_text(values[0]))
        if category is None:
            found.append("类别应为“硬件”或“软件”")
        name, specification = _text(values[1]), _text(values[2])
        if not name:
            found.append("请填写品目名称")
        elif len(name) > 100:
            found.append("品目名称不超过100字")
        if len(specification) > 200:
            found.append("规格型号不超过200字")
        try:
            quantity = int(Decimal(_text(values[3])))
            if quantity < 1 or Decimal(_text(values[3])) != quantity:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            quantity = None
            found.append("数量应为正整数")
        try:
            price = Decimal(_text(values[4])).quantize(Decimal("0.01"))
            if price < 0 or price >= Decimal("1e12"):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            price = None
            found.append("单价应为不小于0的金额（万元）")
        domestic = YES_NO.get(_text(values[5]))
        if domestic is None:
            found.append("是否国产应填“是”或“否”")
        if found:
            problems.append(f"第{number}行：" + "；".join(found) + "。")
            continue
        rows.append(
            {
                "category": category,
                "name": name,
                "specification": specification,
                "quantity": quantity,
                "unit_price": price,
                "domestic": domestic,
            }
        )
    if not rows and not problems:
        problems.append("表格中没有配置清单条目。")
    return rows, problems
