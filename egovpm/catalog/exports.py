"""The information resource catalog as XLSX, for the city sharing and exchange platform (第十六条): one
project's catalog, and every entry a user may see. Built on intake.exports.table_workbook, which writes
what users typed as text, never as a formula."""

from __future__ import annotations

from collections.abc import Iterable

from egovpm.intake.exports import Column, table_workbook

CATALOG_COLUMNS: tuple[Column, ...] = (
    Column("资源代码", lambda e: e.code, 16),
    Column("资源名称", lambda e: e.name, 24),
    Column("提供方", lambda e: e.provider, 20),
    Column("分类", lambda e: e.category, 14),
    Column("摘要", lambda e: e.summary, 36),
    Column("格式", lambda e: e.format, 10),
    Column("信息项", lambda e: "\n".join(e.item_list()), 30),
    Column("共享类型", lambda e: e.get_share_type_display(), 12),
    Column("共享条件或不予共享依据", lambda e: e.share_condition, 30),
    Column("开放属性", lambda e: e.get_open_attribute_display(), 12),
    Column("更新周期", lambda e: e.get_update_cycle_display(), 10),
    Column("版本", lambda e: e.version, 6),
)
# The sharing platform's sheet: which project and unit each entry belongs to, then the catalog's columns.
SHARING_COLUMNS: tuple[Column, ...] = (
    Column("项目编号", lambda e: e.project.code, 14),
    Column("项目名称", lambda e: e.project.name, 24),
    Column("项目建设单位", lambda e: e.project.unit.name, 20),
    Column("首次申报年度", lambda e: e.first_declaration.plan_year.year, 8),
    *CATALOG_COLUMNS,
)


def catalog_xlsx(*, project, entries: Iterable) -> bytes:
    """A project's information resource catalog as it stands now."""
    return table_workbook(
        title=f"{project.name}（{project.code}）政务信息资源目录",
        sheet="政务信息资源目录",
        columns=CATALOG_COLUMNS,
        rows=entries,
        with_total=False,
    )


def sharing_xlsx(*, title: str, entries: Iterable) -> bytes:
    """Every entry given, with its project, for the sharing platform."""
    return table_workbook(
        title=title, sheet="政务信息资源目录", columns=SHARING_COLUMNS, rows=entries, with_total=False
    )
