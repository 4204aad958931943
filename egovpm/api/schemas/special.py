"""第六条 coordination and the special procedure (第八条, 第九条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from .base import BasisCode, Id, PageParams, PlanYearNumber, SpecialStageCode, Text, _text
from .declarations import ApplicationIn, DeclarationSummaryOut

# --- 第六条 coordination --------------------------------------------------------------------------


class InfrastructureDecisionIn(Schema):
    reason: Text = _text("同意单独立项的理由（第六条） / Why it may be a standalone project", max_length=20000)


class InfrastructureDecisionOut(Schema):
    declaration_id: int = Field(description="申报 ID / Declaration id")
    decision: str = Field(description="决定代码：standalone 单独立项 / coordinated 纳入统筹 / Decision code")
    decision_label: str = Field(description="决定 / Decision")
    reason: str = Field(description="理由 / Reason")
    coordinated_item_id: int | None = Field(description="统筹建设事项 ID / Coordinated item id")
    decided_by: str = Field(description="决定人 / Decided by")
    decided_at: dt.datetime = Field(description="决定时间 / Decided at")
    stage: str = Field(description="申报状态（不变） / Stage of the declaration (unchanged)")
    audit_event_id: int = Field(description="刚写入的审计事件 ID / Id of the audit event just written")


# --- 第八条, 第九条 special procedure ---------------------------------------------------------------


class SpecialLetterFields(Schema):
    basis: BasisCode = Field(
        description="启动依据：unforeseeable 不可预见的原因（第八条(一)） / city_approved 经市政府批准（第八条(三)） / Basis"
    )
    unforeseeable_reason: Text = _text(
        "未能按一般程序申报的原因（unforeseeable 必填） / The unforeseeable reason (required for unforeseeable)",
        max_length=20000,
        default="",
    )
    city_approval_reference: Text = _text(
        "市政府批准文件（city_approved 必填） / City approval reference (required for city_approved)",
        max_length=200,
        default="",
    )
    city_approval_date: dt.date | None = Field(None, description="批准日期 / Approval date")


class SpecialApplicationIn(ApplicationIn, SpecialLetterFields):
    """启动特殊申报程序申请书（第九条(一)）及申报表（附件1） / The application letter with the form of Attachment 1."""

    plan_year: PlanYearNumber = Field(description="计划年度（本年度或以后） / Plan year (this year or later)")
    project_id: Id | None = Field(None, description="本单位已有项目；新项目不填 / Existing project of the unit")

    def application_data(self) -> dict:
        return self.model_dump(
            exclude={"name", "plan_year", "project_id", *SpecialLetterFields.model_fields},
        )

    def letter_data(self) -> dict:
        return {k: getattr(self, k) for k in SpecialLetterFields.model_fields}


class SpecialFilters(PageParams):
    """与“特殊申报”列表页相同 / The same filters as the special applications page."""

    stage: SpecialStageCode | None = Field(None, description="状态 / Stage code")
    plan_year: PlanYearNumber | None = Field(None, description="计划年度 / Plan year")


class SpecialApplicationOut(DeclarationSummaryOut):
    basis: str = Field(description="启动依据代码 / Basis code")
    basis_label: str = Field(description="启动依据 / Basis")
    unforeseeable_reason: str = Field(description="不可预见的原因 / Unforeseeable reason")
    city_approval_reference: str = Field(description="市政府批准文件 / City approval reference")
    city_approval_date: dt.date | None = Field(description="批准日期 / Approval date")
    required_materials: str = Field(description="办公室要求报送的材料（第九条(二)） / Materials required")
    approval_number: str = Field(description="书面意见文号（第九条(四)） / Written opinion number")
    approved_amount: Decimal | None = Field(description="核定投资（万元） / Approved investment")
    arranged_amount: Decimal | None = Field(description="安排资金（万元） / Funds arranged")


class SpecialPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[SpecialApplicationOut] = Field(
        description="本页各条，按年度倒序、创建时间倒序 / Rows, by year desc, created desc"
    )
