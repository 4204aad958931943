"""The filings of 第十条."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from egovpm.projects.models import Category, FiscalShare, WorkKind

from .base import (
    BasisCode,
    CategoryCode,
    FilingKindCode,
    FilingStageCode,
    FiscalShareCode,
    Id,
    Money,
    NatureCode,
    PageParams,
    PlanYearNumber,
    ProcedureCode,
    ProjectRef,
    Text,
    UnitRef,
    WorkKindCode,
    _text,
)
from .declarations import ActionOfferOut

# --- 第十条 filings ------------------------------------------------------------------------------


class FilingFilters(PageParams):
    """与“备案”列表页相同的筛选条件 / The same filters as the filing list page."""

    kind: FilingKindCode | None = Field(None, description="备案类型 / Kind")
    stage: FilingStageCode | None = Field(None, description="状态 / Stage code")
    unit_id: Id | None = Field(None, description="备案单位 ID / Unit id")
    matching: bool | None = Field(None, description="需要市财政配套资金 / Needs city matching funds")
    q: Text | None = Field(None, max_length=100, description="项目名称或编号包含 / Project name or code contains")

    def selector_kwargs(self) -> dict:
        return {
            "kind": self.kind or "",
            "stage": self.stage or "",
            "unit_id": self.unit_id,
            "matching": self.matching,
            "q": (self.q or "").strip(),
        }


class FilingIn(Schema):
    """第十条 备案 / A filing (multipart form fields; the file is approval_document)."""

    kind: FilingKindCode = Field(
        description="备案类型：higher_authority 上级机关安排建设 / self_initiated 部门自主立项 / Kind"
    )
    name: Text = _text("项目名称 / Project name", max_length=200, min_length=1)
    higher_authority: Text = _text(
        "安排建设的上级机关（higher_authority 必填） / Higher authority", max_length=200, default=""
    )
    approval_reference: Text = _text("批准或立项文件及文号 / Approval reference", max_length=200, default="")
    total_investment: Money = Field(description="总投资（万元） / Total investment (10k yuan)")
    needs_matching_funds: bool = Field(False, description="需要市财政配套资金 / Needs city matching funds")
    matching_amount: Money | None = Field(None, description="需市财政配套（万元） / City matching amount")
    description: Text = _text("建设内容和有关情况 / Content and circumstances", max_length=20000, min_length=1)
    category: CategoryCode = Field(Category.APPLICATION_SYSTEM, description="项目类别（第三条） / Category")
    work_kind: WorkKindCode = Field(WorkKind.NEW, description="建设类型（第三条） / Kind of work")
    fiscal_share: FiscalShareCode = Field(
        FiscalShare.WHOLE, description="全部或部分使用财政性资金（第二条） / Whole or part fiscal funds"
    )
    capital_subproject: bool = Field(
        False, description="大型基建项目中的电子政务子项目（第二条） / Sub-project of a capital project"
    )
    capital_project_name: Text = _text("所属基建项目名称 / Capital project name", max_length=200, default="")


class FilingDocumentOut(Schema):
    id: int = Field(description="文件 ID / Document id")
    kind: str = Field(description="材料类型代码 / Kind code")
    kind_label: str = Field(description="材料类型 / Kind")
    version: int = Field(description="版本 / Version")
    original_name: str = Field(description="文件名 / File name")
    content_type: str = Field(description="按内容识别的类型 / Content type judged by content")
    size: int = Field(description="大小（字节） / Size in bytes")
    sha256: str = Field(description="SHA-256 摘要 / SHA-256 digest")
    uploaded_by: str = Field(description="上传人 / Uploaded by")
    uploaded_at: dt.datetime = Field(description="上传时间 / Uploaded at")


class FilingSummaryOut(Schema):
    id: int = Field(description="备案 ID / Filing id")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="备案单位 / Unit")
    kind: str = Field(description="备案类型代码 / Kind code")
    kind_label: str = Field(description="备案类型 / Kind")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    needs_matching_funds: bool = Field(description="需要市财政配套资金 / Needs city matching funds")
    matching_amount: Decimal | None = Field(description="需市财政配套（万元） / City matching amount")
    total_investment: Decimal = Field(description="总投资（万元） / Total investment")
    filed_at: dt.datetime = Field(description="备案时间 / Filed at")
    routed_declaration_id: int | None = Field(description="转入申报程序后的申报 ID / Declaration it was routed into")


class FilingOut(FilingSummaryOut):
    higher_authority: str = Field(description="安排建设的上级机关 / Higher authority")
    approval_reference: str = Field(description="批准或立项文件 / Approval reference")
    description: str = Field(description="建设内容和有关情况 / Content and circumstances")
    filed_by: str = Field(description="报送人 / Filed by")
    stage_changed_at: dt.datetime = Field(description="状态变更时间 / Stage changed at")
    documents: list[FilingDocumentOut] = Field(description="备案材料 / Documents of the filing")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions for you now")


class FilingPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[FilingSummaryOut] = Field(description="本页各条，按备案时间倒序 / Rows, newest filing first")


class FilingActionIn(Schema):
    """办理备案的操作 / Take an action on a filing."""

    reason: Text = _text(
        "要求补充的情况（request_filing_info）或补充的情况（supply_filing_info） / Question or answer",
        max_length=20000,
        default="",
    )
    procedure: ProcedureCode | None = Field(None, description="申报程序（route_filing） / Procedure")
    plan_year: PlanYearNumber | None = Field(None, description="计划年度（route_filing） / Plan year")
    leader_name: Text = _text("项目负责人（route_filing） / Project leader", max_length=50, default="")
    leader_phone: Text = _text("联系电话（route_filing） / Phone", max_length=30, default="")
    start_date: dt.date | None = Field(None, description="启动日期（route_filing） / Start date")
    planned_end_date: dt.date | None = Field(None, description="计划完成日期（route_filing） / Planned end date")
    nature: NatureCode = Field("new", description="项目性质（route_filing） / Nature")
    infrastructure_areas: list[Annotated[Text, Field(max_length=50)]] = Field(
        default_factory=list, max_length=20, description="涉及的基础性系统（第六条） / Infrastructure systems"
    )
    basis: BasisCode | None = Field(None, description="特殊申报程序的启动依据（第八条） / Basis (special)")
    unforeseeable_reason: Text = _text("不可预见的原因 / Unforeseeable reason", max_length=20000, default="")
    city_approval_reference: Text = _text("市政府批准文件 / City approval reference", max_length=200, default="")
    city_approval_date: dt.date | None = Field(None, description="批准日期 / Approval date")

    def special(self) -> dict:
        return {
            "basis": self.basis or "",
            "unforeseeable_reason": self.unforeseeable_reason,
            "city_approval_reference": self.city_approval_reference,
            "city_approval_date": self.city_approval_date,
        }


class FilingActionOut(Schema):
    filing_id: int = Field(description="备案 ID / Filing id")
    action: str = Field(description="已办理的操作 / Action taken")
    action_label: str = Field(description="操作名称 / Action name")
    stage: str = Field(description="新状态代码 / New stage code")
    stage_label: str = Field(description="新状态 / New stage")
    routed_declaration_id: int | None = Field(description="转入后的申报 ID / Declaration routed into")
    audit_event_id: int = Field(description="刚写入的审计事件 ID / Id of the audit event just written")
