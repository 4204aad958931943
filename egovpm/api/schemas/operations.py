"""Operations (第二十一条 to 第二十四条): the operation of an accepted project, its O&M mode and their history,
incidents, next year's O&M declaration, and the Audit bureau's final audit."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from egovpm.operations.domain import INCIDENT_KINDS, MODES, SEVERITIES
from egovpm.operations.workflow import FINAL_AUDIT, OPERATION

from .base import Id, Money, PageParams, PlanYearNumber, ProjectRef, Text, UnitRef, _text
from .declarations import ActionOfferOut
from .supervision import FileOut

ModeCode = Literal[tuple(code for code, _ in MODES)]  # type: ignore[valid-type]
IncidentKindCode = Literal[tuple(code for code, _ in INCIDENT_KINDS)]  # type: ignore[valid-type]
SeverityCode = Literal[tuple(code for code, _ in SEVERITIES)]  # type: ignore[valid-type]
OperationStageCode = Literal[tuple(s.code for s in OPERATION.stages)]  # type: ignore[valid-type]
FinalAuditStageCode = Literal[tuple(s.code for s in FINAL_AUDIT.stages)]  # type: ignore[valid-type]


class OperationFilters(PageParams):
    q: Text | None = Field(None, max_length=100, description="项目名称或编号包含 / Project name or code contains")
    stage: OperationStageCode | None = Field(None, description="状态 / Stage")
    mode: ModeCode | None = Field(None, description="运行维护方式 / O&M mode")


class FinalAuditFilters(PageParams):
    stage: FinalAuditStageCode | None = Field(None, description="状态 / Stage")


class OperationSummary(Schema):
    id: int = Field(description="记录 ID / Record id")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / The project's unit")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    mode: str = Field(description="运行维护方式代码（未确定为空） / O&M mode code, empty when not set")
    operating_body: str = Field(description="项目运行机构 / Operating body")
    started_on: dt.date | None = Field(description="投入运行日期 / In operation since")
    incidents_this_year: int = Field(description="本年运行事件 / Incidents this year")
    unresolved_incidents: int = Field(description="未处置完成的运行事件 / Incidents not resolved")


class OperationPage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[OperationSummary] = Field(description="本页条目 / Items of this page")


class ModeRecordOut(Schema):
    number: int = Field(description="序号 / Number")
    mode: str = Field(description="运行维护方式代码 / Mode code")
    previous_mode: str = Field(description="原方式代码 / Previous mode code")
    entrusted_body: str = Field(description="受委托的运行维护机构 / Entrusted body")
    entrusted_qualification: str = Field(description="受委托机构的资质 / Its qualification")
    procurement_id: int | None = Field(description="政府采购记录 ID / Government procurement id")
    reason: str = Field(description="理由 / Reason")
    recorded_at: dt.datetime = Field(description="登记时间 / Recorded at")


class IncidentOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    kind: str = Field(description="事件类型代码 / Kind code")
    severity: str = Field(description="严重程度代码 / Severity code")
    occurred_at: dt.datetime = Field(description="发生时间 / Occurred at")
    resolved_at: dt.datetime | None = Field(description="处置完成时间 / Resolved at")
    description: str = Field(description="事件经过 / What happened")
    measures: str = Field(description="采取的措施 / Measures taken")


class OperationOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    operating_body: str = Field(description="项目运行机构 / Operating body")
    cost_assurance: str = Field(description="运行维护费用落实情况 / How O&M costs are ensured")
    mode: str = Field(description="运行维护方式代码 / Mode code")
    entrusted_body: str = Field(description="受委托的运行维护机构 / Entrusted body")
    entrusted_qualification: str = Field(description="受委托机构的资质 / Its qualification")
    procurement_id: int | None = Field(description="外包运维的政府采购 ID / Government procurement id")
    started_on: dt.date | None = Field(description="投入运行日期 / In operation since")
    retired_on: dt.date | None = Field(description="停止运行日期 / Retired on")
    documents: list[FileOut] = Field(description="管理制度等材料 / Rules and other documents")
    mode_records: list[ModeRecordOut] = Field(description="运行维护方式记录 / History of the mode")
    incidents: list[IncidentOut] = Field(description="运行事件 / Incidents")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class AuditFindingOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    description: str = Field(description="审计发现 / Finding")
    recorded_at: dt.datetime = Field(description="记录时间 / Recorded at")
    documents: list[FileOut] = Field(description="证据材料 / Evidence")


class FinalAuditOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    project: ProjectRef = Field(description="项目 / Project")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    scope: str = Field(description="审计安排 / Scope")
    conclusion: str = Field(description="审计结论 / Conclusion")
    opened_at: dt.datetime = Field(description="开始时间 / Opened at")
    findings: list[AuditFindingOut] = Field(description="审计发现 / Findings")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class FinalAuditPage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[FinalAuditOut] = Field(description="本页条目 / Items of this page")


class MaintenanceDeclarationOut(Schema):
    id: int = Field(description="申报 ID / Declaration id")
    plan_year: int = Field(description="计划年度 / Plan year")
    current_total: str = Field(description="本年度申请资金（万元） / Requested (10k yuan)")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")


class ProjectOperationsOut(Schema):
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / The project's unit")
    completion_accepted: bool = Field(description="已通过竣工验收（第二十一条） / Passed completion acceptance")
    operation: OperationOut | None = Field(description="运行维护（未登记为空） / Operation, none yet")
    maintenance_declarations: list[MaintenanceDeclarationOut] = Field(
        description="运行维护经费申报（第二十四条） / O&M declarations"
    )
    final_audit: FinalAuditOut | None = Field(description="竣工决算审计 / Final audit")


class PrepareIn(Schema):
    """multipart 字段；管理制度文件为 rules / multipart fields; the rules document is `rules`."""

    operating_body: Text = _text("项目运行机构 / Operating body", max_length=200, default="")
    cost_assurance: Text = _text("运行维护费用落实情况 / How O&M costs are ensured", max_length=20000, default="")


class ModeIn(Schema):
    mode: ModeCode = Field(description="运行维护方式代码 / Mode code")
    entrusted_body: Text = _text("受委托的运行维护机构（集中运维） / Entrusted body", max_length=200, default="")
    entrusted_qualification: Text = _text("受委托机构的资质 / Its qualification", max_length=200, default="")
    procurement_id: Id | None = Field(None, description="本项目的政府采购 ID（外包运维） / Government procurement")
    reason: Text = _text(
        "确定或变更的理由（变更时必填） / Reason (required for a change)", max_length=20000, default=""
    )


class IncidentIn(Schema):
    kind: IncidentKindCode = Field(description="事件类型代码 / Kind code")
    severity: SeverityCode = Field(description="严重程度代码 / Severity code")
    occurred_at: dt.datetime = Field(description="发生时间（含时区） / Occurred at, with offset")
    resolved_at: dt.datetime | None = Field(None, description="处置完成时间 / Resolved at")
    description: Text = _text("事件经过 / What happened", max_length=20000, min_length=1)
    measures: Text = _text("采取的措施 / Measures taken", max_length=20000, min_length=1)


class IncidentResolveIn(Schema):
    resolved_at: dt.datetime = Field(description="处置完成时间（含时区） / Resolved at, with offset")
    measures: Text = _text("采取的措施 / Measures taken", max_length=20000, min_length=1)


class MaintenanceIn(Schema):
    plan_year: PlanYearNumber = Field(description="计划年度（在申报期内） / Plan year, its window open")
    annual_requirement: Money = Field(description="年度运行维护经费（万元） / The year's O&M funds (10k yuan)")
    purpose_and_content: Text = _text("运行维护内容 / What the O&M covers", max_length=20000, min_length=1)


class FinalAuditIn(Schema):
    project_id: Id = Field(description="项目 ID / Project id")
    scope: Text = _text("审计安排 / Scope", max_length=20000, min_length=1)


class AuditFindingIn(Schema):
    description: Text = _text("审计发现 / Finding", max_length=20000, min_length=1)
