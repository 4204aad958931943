"""The cockpit's figures (驾驶舱): what the page shows, each figure with the list URL behind it. Money in 万元."""

from __future__ import annotations

from ninja import Field, Schema

from .base import Money

URL = "其后项目清单的页面地址 / The page listing the projects behind the figure"


class StageFigure(Schema):
    stage: str = Field(description="阶段代码 / Stage code")
    label: str = Field(description="阶段名称 / Stage label")
    count: int = Field(description="项目数 / Number of projects")
    money: Money | None = Field(description="金额（万元） / Amount (万元)")
    url: str = Field(description=URL)


class PhaseFigures(Schema):
    workflow: str = Field(description="流程代码 / Workflow code")
    label: str = Field(description="流程名称 / Workflow label")
    across_years: bool = Field(description="是否跨年度统计 / Counted across plan years")
    count: int = Field(description="项目数 / Number of projects")
    money: Money | None = Field(description="金额（万元） / Amount (万元)")
    stages: list[StageFigure] = Field(description="各阶段 / Its stages")


class DepartmentFigures(Schema):
    unit_id: int = Field(description="单位 ID / Unit id")
    unit: str = Field(description="单位 / Unit")
    count: int = Field(description="项目数 / Number of projects")
    requested: Money = Field(description="申报金额（万元） / Requested (万元)")
    approved: Money = Field(description="复核核定金额（万元） / Approved (万元)")
    arranged: Money = Field(description="安排资金（万元） / Arranged (万元)")
    paid: Money = Field(description="已拨付（万元） / Paid (万元)")
    url: str = Field(description=URL)


class SourceFigures(Schema):
    source: str = Field(description="资金来源代码 / Funding source code")
    label: str = Field(description="资金来源 / Funding source")
    requested: Money = Field(description="申报金额（万元） / Requested (万元)")
    paid: Money = Field(description="已拨付（万元） / Paid (万元)")


class OverdueFigures(Schema):
    unit_id: int = Field(description="单位 ID / Unit id")
    unit: str = Field(description="单位 / Unit")
    rectification: int = Field(description="逾期未整改 / Rectifications overdue")
    information: int = Field(description="逾期未补充情况 / Information requests overdue")
    acceptance: int = Field(description="逾期未初步验收 / Initial acceptances overdue")
    total: int = Field(description="合计 / Total")


class DutyFigure(Schema):
    key: str = Field(description="事项代码 / Item code")
    label: str = Field(description="事项 / Item")
    count: int = Field(description="件数 / Count")
    money: Money | None = Field(None, description="金额（万元） / Amount (万元)")
    url: str = Field(description=URL)


class CockpitOut(Schema):
    plan_year: int | None = Field(description="计划年度（空：全部年度） / Plan year (null: every year)")
    pipeline: list[PhaseFigures] | None = Field(description="各流程、各阶段的项目和金额 / Pipeline by stage")
    departments: list[DepartmentFigures] = Field(description="按单位 / By department")
    sources: list[SourceFigures] = Field(description="按资金来源 / By funding source")
    overdue: list[OverdueFigures] | None = Field(description="各单位逾期事项 / Overdue items by unit")
    infrastructure: list[DutyFigure] | None = Field(description="第六条决定 / Art. 6 decisions")
    finance: list[DutyFigure] | None = Field(description="财政局待办 / Finance's duties")
    audit: list[DutyFigure] | None = Field(description="审计局事项 / Audit's duties")
