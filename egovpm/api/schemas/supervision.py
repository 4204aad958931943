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
    id: int = Field(description="记录 ID / Record id")
    kind: str = Field(description="暂缓拨付 withhold_funds / 暂停 suspend / 终止 terminate")
    kind_label: str = Field(description="名称 / Label")
    reason: str = Field(description="理由 / Reason")
    placed_at: dt.datetime = Field(description="决定时间 / Placed at")
    active: bool = Field(description="是否执行中 / Whether in force")
    lifted_at: dt.datetime | None = Field(description="解除时间 / Lifted at")
    lift_reason: str = Field(description="解除理由 / Why lifted")


class ProjectSupervisionSummary(Schema):
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / The project's unit")
    firms: list[UnitRef] = Field(description="正在监理的单位 / Firms supervising now")
    open_orders: int = Field(description="未通过的限期整改 / Orders not accepted")
    overdue_orders: int = Field(description="逾期未整改 / Orders overdue")
    open_requests: int = Field(description="待提供资料的要求 / Requests not answered")
    restrictions: list[str] = Field(description="执行中的限制措施 / Active restrictions")


class SupervisionPage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[ProjectSupervisionSummary] = Field(description="本页条目 / Items of this page")


class QualificationOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    grade: str = Field(description="资质等级代码 / Grade code")
    grade_label: str = Field(description="资质等级 / Grade")
    certificate_number: str = Field(description="资质证书编号 / Certificate number")
    valid_from: dt.date = Field(description="有效期自 / Valid from")
    valid_until: dt.date = Field(description="有效期至 / Valid until")


class FirmOut(Schema):
    firm: UnitRef = Field(description="监理单位 / Supervision firm")
    valid_today: bool = Field(description="今日（北京时间）是否有有效资质 / Qualified today (Beijing time)")
    qualifications: list[QualificationOut] = Field(description="资质证书 / Certificates")


class SupervisionOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    firm: UnitRef = Field(description="监理单位 / Supervision firm")
    qualified_today: bool = Field(description="今日资质是否有效 / Qualified today")
    contract_number: str = Field(description="监理合同编号 / Contract number")
    contract_signed_on: dt.date = Field(description="合同签订日期 / Contract signed on")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    documents: list[FileOut] = Field(description="材料 / Documents")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class ReportOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    supervision_id: int = Field(description="监理委托 ID / Engagement id")
    period_start: dt.date = Field(description="报告期自 / Period from")
    period_end: dt.date = Field(description="报告期至 / Period until")
    findings: str = Field(description="监理发现和意见 / Findings")
    filed_at: dt.datetime = Field(description="报送时间 / Filed at")
    documents: list[FileOut] = Field(description="材料 / Documents")


class InformationRequestOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    requester: UnitRef = Field(description="提出要求的单位 / Requesting unit")
    subject: str = Field(description="需提供的资料和情况 / What to provide")
    due: dt.date = Field(description="期限 / Due date")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    lapsed: bool = Field(description="逾期未提供 / Past due, not provided")
    answered_late: bool = Field(description="逾期提供 / Answered after the due date")
    answer: str = Field(description="答复或整改情况 / Answer")
    refusal: str = Field(description="拒绝、隐匿或瞒报的情况 / Refusal recorded")
    documents: list[FileOut] = Field(description="材料 / Documents")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class RectificationOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    requirement: str = Field(description="整改要求 / Rectification required")
    due: dt.date = Field(description="现行整改期限（含延期） / Deadline in force")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    overdue: bool = Field(description="逾期未整改 / Overdue")
    answer: str = Field(description="答复或整改情况 / Answer")
    sanctions: list[str] = Field(description="已作出的处理 / Sanctions applied")
    documents: list[FileOut] = Field(description="材料 / Documents")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class FindingOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    area: str = Field(description="稽察内容代码 / Area code")
    area_label: str = Field(description="稽察内容 / Area")
    description: str = Field(description="发现的问题 / Finding")
    documents: list[FileOut] = Field(description="材料 / Documents")
    rectification: RectificationOut | None = Field(description="限期整改 / Rectification order")


class InspectionOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    scope: str = Field(description="稽察安排 / Scope")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    conclusion: str = Field(description="稽察结论 / Conclusion")
    opened_at: dt.datetime = Field(description="开始时间 / Opened at")
    findings: list[FindingOut] = Field(description="监理发现和意见 / Findings")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class SanctionOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    kind: str = Field(description="代码 / Code")
    kind_label: str = Field(description="名称 / Label")
    reason: str = Field(description="理由 / Reason")
    rectification_id: int = Field(description="限期整改 ID / Order id")
    restriction_id: int | None = Field(description="限制措施 ID / Restriction id")
    decided_at: dt.datetime = Field(description="决定时间 / Decided at")


class ProjectSupervisionOut(Schema):
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / The project's unit")
    supervision_firm_qualified: bool = Field(description="第十三条 / Art. 13")
    no_open_rectification: bool = Field(description="第十八条 / Art. 18")
    supervisions: list[SupervisionOut] = Field(description="监理委托 / Engagements")
    reports: list[ReportOut] = Field(description="监理报告 / Reports")
    information_requests: list[InformationRequestOut] = Field(description="资料和情况调取 / Information requests")
    inspections: list[InspectionOut] = Field(description="稽察 / Inspections")
    sanctions: list[SanctionOut] = Field(description="已作出的处理 / Sanctions applied")
    restrictions: list[RestrictionOut] = Field(description="限制措施 / Restrictions")


class QualificationIn(Schema):
    grade: GradeCode = Field(description="资质等级代码 / Grade code")
    certificate_number: Text = _text("资质证书编号 / Certificate number", max_length=60, min_length=1)
    valid_from: dt.date = Field(description="有效期自 / Valid from")
    valid_until: dt.date = Field(description="有效期至 / Valid until")


class SupervisionAssignIn(Schema):
    """multipart 字段；文件为 contract / multipart fields; the file is contract."""

    firm_id: Id = Field(description="监理单位 ID / Firm id")
    contract_number: Text = _text("监理合同编号 / Contract number", max_length=60, min_length=1)
    contract_signed_on: dt.date = Field(description="合同签订日期 / Contract signed on")
    reason: Text = _text("说明 / Note", max_length=2000, default="")


class ReportIn(Schema):
    period_start: dt.date = Field(description="报告期自 / Period from")
    period_end: dt.date = Field(description="报告期至 / Period until")
    findings: Text = _text("监理发现和意见 / Findings", max_length=20000, min_length=1)


class InformationRequestIn(Schema):
    subject: Text = _text("需提供的资料和情况 / What to provide", max_length=20000, min_length=1)
    due: dt.date = Field(description="期限 / Due date")


class InspectionIn(Schema):
    scope: Text = _text("稽察安排 / Scope", max_length=20000, min_length=1)


class FindingIn(Schema):
    area: AreaCode = Field(description="稽察内容代码 / Area code")
    description: Text = _text("发现的问题 / Finding", max_length=20000, min_length=1)
    requirement: Text = _text("整改要求（限期整改时） / Rectification required", max_length=20000, default="")
    due: dt.date | None = Field(None, description="整改期限 / Deadline of the order")


class SanctionIn(Schema):
    kind: SanctionCode = Field(description="代码 / Code")
    reason: Text = _text("处理的理由 / Reasons", max_length=20000, min_length=1)


class ReasonIn(Schema):
    reason: Text = _text("理由或说明 / Reason", max_length=20000, default="")


class StepOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    action: str = Field(description="操作代码 / Action code")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    audit_event_id: int = Field(description="本次调用写入的审计事件 / The audit event this call wrote")
