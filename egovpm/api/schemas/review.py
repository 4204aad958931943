"""The initial review (第七条(二))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from .base import PlanYearNumber, RecommendationCode, Text, _text
from .declarations import DeclarationSummaryOut, InvitationBrief

# --- review -------------------------------------------------------------------------------------


class ReviewRoundIn(Schema):
    plan_year: PlanYearNumber = Field(description="计划年度 / Plan year")
    name: Text = _text("轮次名称，如“第一批初审” / Round name", max_length=100, min_length=1)
    notes: Text = _text("说明 / Notes", max_length=5000, default="")


class ReviewRoundOut(Schema):
    id: int = Field(description="轮次 ID / Round id")
    plan_year: int = Field(description="计划年度 / Plan year")
    name: str = Field(description="轮次名称 / Round name")
    notes: str = Field(description="说明 / Notes")
    opened_at: dt.datetime = Field(description="开启时间 / Opened at")
    opened_by: str = Field(description="开启人 / Opened by")


class ReviewRoundListOut(ReviewRoundOut):
    declaration_count: int = Field(description="项目数 / Declarations")
    invitation_count: int = Field(description="邀请数 / Invitations")
    opinion_count: int = Field(description="已提交意见数 / Opinions submitted")


class ProcurementPlanRow(Schema):
    category: str = Field(description="类别代码 / Category code")
    category_label: str = Field(description="类别 / Category")
    name: str = Field(description="品目名称 / Item name")
    specification: str = Field(description="规格要求 / Specification")
    quantity: int = Field(description="合计数量 / Total quantity")
    amount: Decimal = Field(description="合计预算金额（万元） / Total amount (10k yuan)")
    projects: list[str] = Field(description="需要的项目编号 / Codes of the projects that need it")


class ReviewRoundDetailOut(ReviewRoundOut):
    declarations: list[DeclarationSummaryOut] = Field(description="本轮项目 / Declarations of the round")
    procurement_plan: list[ProcurementPlanRow] = Field(
        description="集中采购计划（第七条(二)） / Central procurement plan"
    )
    procurement_amount: Decimal = Field(description="集中采购合计（万元） / Total (10k yuan)")


class ReviewerOut(Schema):
    id: int = Field(description="用户 ID / User id")
    name: str = Field(description="姓名 / Name")
    unit: str = Field(description="单位 / Unit")


class ReviewerGroupOut(Schema):
    party: str = Field(description="参与方代码 / Party code")
    label: str = Field(description="参与方 / Party")
    users: list[ReviewerOut] = Field(description="可邀请的人员 / Users who may be invited")


class InvitationOut(InvitationBrief):
    invited_at: dt.datetime = Field(description="邀请时间 / Invited at")
    declaration: DeclarationSummaryOut = Field(description="项目 / Declaration")


class OpinionIn(Schema):
    recommendation: RecommendationCode = Field(
        description="结论建议：pass 建议通过 / adjust 建议调整后通过 / not_arrange 建议不予安排 / Recommendation"
    )
    opinion: Text = _text("书面调整意见或评价 / Written opinion", max_length=20000, min_length=1)
