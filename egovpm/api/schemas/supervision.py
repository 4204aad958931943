"""Supervision (第十三条, 第十七条, 第十八条): the firm and its qualification, the reports, information
requests, inspections with findings and rectification orders, sanctions and restrictions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from egovpm.supervision.domain import INSPECTION_AREAS
from egovpm.supervision.models import FirmQualification, Sanction

from .base import Id, PageParams, ProjectRef, Text, UnitRef, _text
from .declarations import ActionOfferOut

AreaCode = Literal[tuple(code for code, _ in INSPECTION_AREAS)]  # type: ignore[valid-type]
GradeCode = Literal[tuple(FirmQualification.Grade.values)]  # type: ignore[valid-type]
SanctionCode = Literal[tuple(Sanction.Kind.values)]  # type: ignore[valid-type]


class SupervisionFilters(PageParams):
    q: Text | None = Field(None, max_length=100, description="项目名称或编号包含 / Project name or code contains")
    restricted: bool = Field(False, description="仅有限制措施的项目 / Only projects under a restriction")


class FileOut(Schema):
    id: int = Field(description="文件 ID / Document id")
    kind: str = Field(description="材料类型代码 / Kind code")
    original_name: str = Field(description="文件名 / File name")
    download_url: str = Field(description="下载地址（页面） / Download URL (page)")


class RestrictionOut(Schema):
    id: int
    kind: str = Field(description="withhold_funds / suspend / terminate")
    kind_label: str
    reason: str
    placed_at: dt.datetime
    active: bool
    lifted_at: dt.datetime | None
    lift_reason: str


class ProjectSupervisionSummary(Schema):
    project: ProjectRef
    unit: UnitRef
    firms: list[UnitRef] = Field(description="正在监理的单位 / Firms supervising now")
    open_orders: int = Field(description="未通过的限期整改 / Orders not accepted")
    overdue_orders: int = Field(description="逾期未整改 / Orders overdue")
    open_requests: int = Field(description="待提供资料的要求 / Requests not answered")
    restrictions: list[str] = Field(description="执行中的限制措施 / Active restrictions")


class SupervisionPage(Schema):
    count: int
    items: list[ProjectSupervisionSummary]


class QualificationOut(Schema):
    id: int
    grade: str
    grade_label: str
    certificate_number: str
    valid_from: dt.date
    valid_until: dt.date


class FirmOut(Schema):
    firm: UnitRef
    valid_today: bool = Field(description="今日（北京时间）是否有有效资质 / Qualified today (Beijing time)")
    qualifications: list[QualificationOut]


class SupervisionOut(Schema):
    id: int
    firm: UnitRef
    qualified_today: bool
    contract_number: str
    contract_signed_on: dt.date
    stage: str
    stage_label: str
    documents: list[FileOut]
    actions: list[ActionOfferOut]


class ReportOut(Schema):
    id: int
    supervision_id: int
    period_start: dt.date
    period_end: dt.date
    findings: str
    filed_at: dt.datetime
    documents: list[FileOut]


class InformationRequestOut(Schema):
    id: int
    requester: UnitRef
    subject: str
    due: dt.date
    stage: str
    stage_label: str
    lapsed: bool = Field(description="逾期未提供 / Past due, not provided")
    answered_late: bool
    answer: str
    refusal: str
    documents: list[FileOut]
    actions: list[ActionOfferOut]


class RectificationOut(Schema):
    id: int
    requirement: str
    due: dt.date = Field(description="现行整改期限（含延期） / Deadline in force")
    stage: str
    stage_label: str
    overdue: bool
    answer: str
    sanctions: list[str]
    documents: list[FileOut]
    actions: list[ActionOfferOut]


class FindingOut(Schema):
    id: int
    area: str
    area_label: str
    description: str
    documents: list[FileOut]
    rectification: RectificationOut | None


class InspectionOut(Schema):
    id: int
    scope: str
    stage: str
    stage_label: str
    conclusion: str
    opened_at: dt.datetime
    findings: list[FindingOut]
    actions: list[ActionOfferOut]


class SanctionOut(Schema):
    id: int
    kind: str
    kind_label: str
    reason: str
    rectification_id: int
    restriction_id: int | None
    decided_at: dt.datetime


class ProjectSupervisionOut(Schema):
    project: ProjectRef
    unit: UnitRef
    supervision_firm_qualified: bool = Field(description="第十三条 / Art. 13")
    no_open_rectification: bool = Field(description="第十八条 / Art. 18")
    supervisions: list[SupervisionOut]
    reports: list[ReportOut]
    information_requests: list[InformationRequestOut]
    inspections: list[InspectionOut]
    sanctions: list[SanctionOut]
    restrictions: list[RestrictionOut]


class QualificationIn(Schema):
    grade: GradeCode
    certificate_number: Text = _text("资质证书编号 / Certificate number", max_length=60, min_length=1)
    valid_from: dt.date
    valid_until: dt.date


class SupervisionAssignIn(Schema):
    """multipart 字段；文件为 contract / multipart fields; the file is contract."""

    firm_id: Id
    contract_number: Text = _text("监理合同编号 / Contract number", max_length=60, min_length=1)
    contract_signed_on: dt.date
    reason: Text = _text("说明 / Note", max_length=2000, default="")


class ReportIn(Schema):
    period_start: dt.date
    period_end: dt.date
    findings: Text = _text("监理发现和意见 / Findings", max_length=20000, min_length=1)


class InformationRequestIn(Schema):
    subject: Text = _text("需提供的资料和情况 / What to provide", max_length=20000, min_length=1)
    due: dt.date


class InspectionIn(Schema):
    scope: Text = _text("稽察安排 / Scope", max_length=20000, min_length=1)


class FindingIn(Schema):
    area: AreaCode
    description: Text = _text("发现的问题 / Finding", max_length=20000, min_length=1)
    requirement: Text = _text("整改要求（限期整改时） / Rectification required", max_length=20000, default="")
    due: dt.date | None = Field(None, description="整改期限 / Deadline of the order")


class SanctionIn(Schema):
    kind: SanctionCode
    reason: Text = _text("处理的理由 / Reasons", max_length=20000, min_length=1)


class ReasonIn(Schema):
    reason: Text = _text("理由或说明 / Reason", max_length=20000, default="")


class StepOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    action: str
    stage: str
    stage_label: str
    audit_event_id: int
