"""Plan years, the annual plan and the budget library (第七条(四)(五))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from .base import PlanYearNumber, Text, UnitRef, _text
from .declarations import DeclarationSummaryOut

# --- plan years ---------------------------------------------------------------------------------


class PlanYearOut(Schema):
    year: int = Field(description="计划年度 / Plan year")
    opened_at: dt.datetime = Field(description="开放时间 / Opened at")
    notes: str = Field(description="说明 / Notes")
    declaration_open: bool = Field(
        description="一般申报程序是否正在受理（第七条(一)） / Whether the general declaration window is open"
    )


class PlanYearIn(Schema):
    year: PlanYearNumber = Field(description="计划年度（2019–2100） / Plan year (2019–2100)")
    notes: Text = _text("说明 / Notes", max_length=2000, default="")


# --- plan and budget library ----------------------------------------------------------------------


class PlanDeclarationOut(DeclarationSummaryOut):
    supervising_unit: UnitRef | None = Field(description="主管部门 / Supervising department")
    current_fiscal: Decimal = Field(description="其中申请财政拨款（万元） / Requested fiscal funds")
    current_self_raised: Decimal = Field(description="单位自筹（万元） / Self-raised")
    current_national: Decimal = Field(description="国家下拨（万元） / National")
    current_other: Decimal = Field(description="其他（万元） / Other")
    initial_opinion: str = Field(description="初审意见 / Initial-review opinion")
    sent_to_finance_at: dt.datetime | None = Field(description="报送财政时间 / Sent to Finance at")
    approval_number: str = Field(description="复核文号 / Approval opinion number")
    approved_amount: Decimal | None = Field(description="核定投资（万元） / Approved investment")
    library_code: str = Field(description="预算项目库编码 / Budget library code")
    arranged_amount: Decimal | None = Field(description="年度安排资金（万元） / Funds arranged")


class TotalsOut(Schema):
    count: int = Field(description="项目数 / Number of projects")
    total_investment: Decimal = Field(description="预计总投资合计 / Total investment")
    current_total: Decimal = Field(description="本年度申请资金合计 / Requested this year")
    current_fiscal: Decimal = Field(description="其中申请财政拨款 / of which fiscal")
    current_self_raised: Decimal = Field(description="单位自筹 / Self-raised")
    current_national: Decimal = Field(description="国家下拨 / National")
    current_other: Decimal = Field(description="其他 / Other")
    approved_amount: Decimal = Field(description="核定投资合计 / Approved")
    arranged_amount: Decimal = Field(description="年度安排资金合计 / Arranged")


class TransmissionOut(Schema):
    id: int = Field(description="报送 ID / Transmission id")
    sent_at: dt.datetime = Field(description="报送时间 / Sent at")
    sent_by: str = Field(description="报送人 / Sent by")
    project_count: int = Field(description="项目数 / Projects")
    total_amount: Decimal = Field(description="申请资金合计（万元） / Total requested")


class PlanOut(Schema):
    year: int = Field(description="计划年度 / Plan year")
    title: str = Field(description="标题 / Title")
    sent: bool = Field(description="是否已报送财政局 / Whether sent to Finance")
    transmissions: list[TransmissionOut] = Field(description="报送记录 / Transmissions")
    totals: TotalsOut = Field(description="合计 / Totals")
    declarations: list[PlanDeclarationOut] = Field(description="项目，按项目编号 / Projects, by code")


class BudgetFilters(Schema):
    plan_year: PlanYearNumber | None = Field(None, description="计划年度 / Plan year")


class SendOut(TransmissionOut):
    audit_event_id: int = Field(description="刚写入的审计事件 ID / Id of the audit event just written")


class BudgetLibraryOut(Schema):
    to_place: list[PlanDeclarationOut] = Field(description="待入库（已报送） / To place (sent)")
    awaiting_plan: list[PlanDeclarationOut] = Field(description="复核通过、办公室尚未报送 / Approved, not sent yet")
    placed: list[PlanDeclarationOut] = Field(description="已入库待安排资金 / Placed, awaiting funds")
    funded: list[PlanDeclarationOut] = Field(description="已安排资金 / Funded")
