"""The construction phase (第十一条 to 第十六条): constructions, their records and the decisions on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from egovpm.construction.models import EstimateItemKind, IncidentKind
from egovpm.construction.workflow import CONSTRUCTION

from .base import Id, Money, PageParams, ProjectRef, Text, UnitRef, _text
from .declarations import ActionOfferOut

ConstructionStageCode = Literal[tuple(s.code for s in CONSTRUCTION.stages)]  # type: ignore[valid-type]
ItemKindCode = Literal[tuple(EstimateItemKind.values)]  # type: ignore[valid-type]
IncidentKindCode = Literal[tuple(IncidentKind.values)]  # type: ignore[valid-type]


class ConstructionFilters(PageParams):
    """与“项目建设”列表页相同的筛选条件 / The same filters as the construction list page."""

    stage: ConstructionStageCode | None = Field(None, description="状态 / Stage code")
    q: Text | None = Field(None, max_length=100, description="项目名称或编号包含 / Project name or code contains")

    def selector_kwargs(self) -> dict:
        return {"stage": self.stage or "", "q": (self.q or "").strip()}


class ConstructionOpenIn(Schema):
    project_id: Id = Field(description="已安排资金的项目 ID / A funded project's id")
    involves_secrets: bool = Field(False, description="涉及国家秘密（第十一条） / Involves state secrets")


class ItemIn(Schema):
    kind: ItemKindCode = Field(description="概算项目 / Estimate item")
    amount: Money = Field(description="金额（万元） / Amount (10k yuan)")
    description: Text = _text("内容说明 / Description", max_length=200, default="")


class ItemOut(Schema):
    kind: str = Field(description="概算项目代码 / Item code")
    kind_label: str = Field(description="概算项目 / Item")
    amount: Decimal = Field(description="金额（万元） / Amount (10k yuan)")
    description: str = Field(description="内容说明 / Description")


class EstimateIn(Schema):
    design_summary: Text = _text("初步设计方案（主要内容） / Preliminary design", max_length=20000, min_length=1)
    items: list[ItemIn] = Field(description="各概算项目，每项一次 / One amount per item", max_length=20)


class AdjustmentIn(Schema):
    changes: Text = _text("调整内容 / What changes", max_length=20000, min_length=1)
    reason: Text = _text("调整理由 / Why", max_length=20000, min_length=1)
    items: list[ItemIn] = Field(description="调整后的各概算项目 / The new estimate by item", max_length=20)


class DecisionIn(Schema):
    decision: Literal["approve", "return", "refuse"] = Field(
        description="approve 核定/批准；return 退回（概算）；refuse 不予批准（调整报告） / The decision"
    )
    reason: Text = _text("意见或理由（退回、不予批准时必填） / Opinion or reason", max_length=20000, default="")


class ResponsibilityIn(Schema):
    implementation_body: Text = _text("项目实施机构 / Implementation body", max_length=200)
    leader_name: Text = _text("项目负责人 / Project leader", max_length=50)
    leader_phone: Text = _text("项目负责人联系电话 / Leader's phone", max_length=30)
    responsible_leader: Text = _text("负总责的主管领导 / Leader in overall charge", max_length=50)
    responsible_leader_title: Text = _text("主管领导职务 / Title", max_length=60)


class ProgressIn(Schema):
    period_end: dt.date = Field(description="报告期截至 / Period end")
    percent: int = Field(ge=0, le=100, description="完成进度（%） / Progress (%)")
    milestones: Text = _text("已完成的里程碑 / Milestones", max_length=20000)
    schedule_status: Text = _text("建设进度情况 / Progress", max_length=20000)
    estimate_control: Text = _text("概算控制情况 / Estimate control", max_length=20000)
    design_changes: Text = _text("设计变更情况 / Design changes", max_length=20000, default="")
    issues: Text = _text("存在问题 / Issues", max_length=20000, default="")


class DesignChangeIn(Schema):
    description: Text = _text("变更内容 / The change", max_length=20000, min_length=1)
    major: bool = Field(False, description="重大设计变更 / Major")
    items: list[ItemKindCode] = Field(default_factory=list, description="涉及的概算项目 / Items touched")
    adjustment_id: Id | None = Field(None, description="事先批准的调整报告 ID / The approved adjustment")


class IncidentIn(Schema):
    kind: IncidentKindCode = Field(description="问题类型 / Kind")
    occurred_on: dt.date = Field(description="发生日期 / Date")
    description: Text = _text("情况说明 / What happened", max_length=20000, min_length=1)
    measures: Text = _text("已采取的措施 / Measures taken", max_length=20000, default="")


class SharingIn(Schema):
    connected_on: dt.date = Field(description="接入日期 / Date connected")
    interface: Text = _text("接口说明 / Interface", max_length=300, min_length=1)
    entry_ids: list[Id] = Field(default_factory=list, description="服务的资源目录 ID / Catalog entries served")


class ReasonIn(Schema):
    reason: Text = _text("理由 / Reason", max_length=20000, min_length=1)


class ActionIn(Schema):
    reason: Text = _text("理由（可选） / Reason", max_length=20000, default="")


class EstimateOut(Schema):
    id: int = Field(description="概算 ID / Estimate id")
    version: int = Field(description="版本 / Version")
    status: str = Field(description="状态代码 / Status code (submitted, approved, returned)")
    status_label: str = Field(description="状态 / Status")
    design_summary: str = Field(description="初步设计方案 / Preliminary design")
    total: Decimal = Field(description="合计（万元） / Total")
    items: list[ItemOut] = Field(description="各概算项目 / Items")
    submitted_at: dt.datetime = Field(description="报送时间 / Submitted at")
    approved_at: dt.datetime | None = Field(description="核定时间 / Approved at")
    returned_reason: str = Field(description="退回理由 / Reason returned")
    adjustment_id: int | None = Field(description="来自的调整报告 / The adjustment it comes from")


class AdjustmentOut(Schema):
    id: int = Field(description="调整报告 ID / Adjustment id")
    status: str = Field(description="状态代码 / Status code (submitted, approved, refused)")
    status_label: str = Field(description="状态 / Status")
    changes: str = Field(description="调整内容 / What changes")
    reason: str = Field(description="调整理由 / Why")
    total: Decimal = Field(description="调整后合计（万元） / New total")
    items: list[ItemOut] = Field(description="调整后的各概算项目 / New items")
    requested_at: dt.datetime = Field(description="提交时间 / Requested at")
    decided_at: dt.datetime | None = Field(description="审批时间 / Decided at")
    decision_reason: str = Field(description="审批意见 / Decision")


class RecordOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    kind: str = Field(description="记录类型 / Record type")
    audit_event_id: int | None = Field(description="本次调用写入的审计事件 / The audit event of this call")


class ConstructionSummary(Schema):
    id: int = Field(description="项目建设 ID / Construction id")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / Unit")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    involves_secrets: bool = Field(description="涉及国家秘密 / Involves state secrets")
    planned_end_date: dt.date = Field(description="计划完成日期 / Planned end")
    started_on: dt.date | None = Field(description="开工日期 / Started on")
    completed_on: dt.date | None = Field(description="建设完成日期 / Completed on")
    latest_percent: int | None = Field(description="最近报告进度（%） / Latest reported progress")
    behind_plan: bool = Field(description="进度滞后（第十五条） / Behind its plan (Art. 15)")


class ConstructionPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[ConstructionSummary] = Field(description="本页各条 / Rows of this page")


class ResponsibilityOut(Schema):
    version: int = Field(description="版本 / Version")
    implementation_body: str = Field(description="项目实施机构 / Implementation body")
    leader_name: str = Field(description="项目负责人 / Project leader")
    leader_phone: str = Field(description="联系电话（按权限遮蔽） / Phone, masked unless you need it")
    responsible_leader: str = Field(description="负总责的主管领导 / Leader in overall charge")
    responsible_leader_title: str = Field(description="主管领导职务 / Title")


class ConstructionOut(ConstructionSummary):
    responsibility: ResponsibilityOut | None = Field(description="现行责任制（第十二条） / Responsibility")
    estimates: list[EstimateOut] = Field(description="概算各版本，新者在前 / Estimate versions, newest first")
    adjustments: list[AdjustmentOut] = Field(description="概算调整报告 / Adjustment requests")
    progress_reports: list[dict] = Field(description="进度报告 / Progress reports")
    design_changes: list[dict] = Field(description="设计变更 / Design changes")
    incidents: list[dict] = Field(description="严重逾期、重大损失报告 / Incidents")
    sharing_connections: list[dict] = Field(description="共享交换平台接入 / Sharing connections")
    sharing_exemption: str = Field(description="不适用接入的理由 / Why the connection does not apply")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions for you now")


class ConstructionActionOut(Schema):
    construction_id: int = Field(description="项目建设 ID / Construction id")
    action: str = Field(description="操作代码 / Action code")
    action_label: str = Field(description="操作名称 / Action name")
    stage: str = Field(description="办理后的状态 / Stage after")
    stage_label: str = Field(description="状态 / Stage")
    audit_event_id: int = Field(description="本次调用写入的审计事件 / The audit event of this call")
