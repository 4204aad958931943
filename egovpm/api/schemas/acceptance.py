"""Acceptance (第十九条 to 第二十一条, 附件4): the record with its six-month clock, the typed documents, the
rounds of completion acceptance (group, checklist, review, outcome, filing) and the extension requests."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from egovpm.acceptance.domain import BASES, CHECKLIST, MEMBER_KINDS, REVIEW_AREAS, SLOTS

from .base import Id, PageParams, ProjectRef, Text, UnitRef, _text
from .declarations import ActionOfferOut
from .supervision import FileOut

SlotCode = Literal[tuple(s.kind for s in SLOTS)]  # type: ignore[valid-type]
CheckCode = Literal[tuple(c.code for c in CHECKLIST)]  # type: ignore[valid-type]
MemberKind = Literal[tuple(code for code, _ in MEMBER_KINDS)]  # type: ignore[valid-type]
AreaCode = Literal[tuple(code for code, _ in REVIEW_AREAS)]  # type: ignore[valid-type]
BasisCode = Literal[tuple(code for code, _ in BASES)]  # type: ignore[valid-type]
ClockState = Literal["overdue", "due_soon", "running", "stopped"]


class AcceptanceFilters(PageParams):
    q: Text | None = Field(None, max_length=100, description="项目名称或编号包含 / Project name or code contains")
    state: ClockState | None = Field(None, description="期限状态 / Clock state")
    stage: str | None = Field(None, max_length=40, description="状态代码 / Stage code")


class ClockOut(Schema):
    due: dt.date = Field(description="现行期限（含批准的延期） / Deadline in force (with the extension granted)")
    days_left: int = Field(description="剩余天数（北京时间，负数为逾期） / Days left (Beijing time; negative: overdue)")
    state: ClockState = Field(description="overdue 已逾期 / due_soon 即将到期 / running 计时中 / stopped 已申请")


class AcceptanceSummary(Schema):
    id: int = Field(description="记录 ID / Record id")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / The project's unit")
    construction_completed_on: dt.date = Field(description="建设完成日期 / Construction completed on")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    delegated: bool = Field(description="是否委托项目建设单位组织竣工验收 / Delegated to the unit (Art. 19)")
    clock: ClockOut = Field(description="验收期限（第二十条） / The six-month clock (Art. 20)")


class AcceptancePage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[AcceptanceSummary] = Field(description="本页条目 / Items of this page")


class DocumentRecordOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    kind: str = Field(description="材料类型代码 / Kind code")
    kind_label: str = Field(description="材料 / Kind")
    subject: str = Field(description="合同或子系统 / Contract or subsystem")
    author_organisation: str = Field(description="编制单位 / Made by (organisation)")
    author_person: str = Field(description="编制人 / Made by (person)")
    dated: dt.date = Field(description="报告日期 / Dated")
    documents: list[FileOut] = Field(description="文件 / Files")


class MemberOut(Schema):
    kind: str = Field(description="成员类别 / Member kind")
    name: str = Field(description="人员或部门 / Person or department")
    duty: str = Field(description="职责 / Duty")


class CheckOut(Schema):
    code: str = Field(description="检查项代码 / Item code")
    label: str = Field(description="检查项 / Item")
    article: str = Field(description="依据 / Article")
    recorded: bool = Field(description="是否已检查 / Checked")
    passed: bool | None = Field(description="是否满足 / Met")
    evidence: str = Field(description="证据 / Evidence")
    note: str = Field(description="说明 / Note")


class RoundOut(Schema):
    number: int = Field(description="申请轮次 / Round")
    statement: str = Field(description="竣工验收申请报告 / Application")
    delegated: bool = Field(description="由项目建设单位组织 / Organised by the unit")
    applied_at: dt.datetime = Field(description="申请时间 / Applied at")
    started_at: dt.datetime | None = Field(description="开始验收时间 / Started at")
    members: list[MemberOut] = Field(description="竣工验收组 / The group")
    checklist: list[CheckOut] = Field(description="验收任务和验收条件 / Tasks and conditions (Att. 4 II, IV)")
    review_areas: list[str] = Field(description="已检查的内容 / Areas reviewed")
    review_bases: list[str] = Field(description="验收依据 / Bases")
    review_findings: str = Field(description="检查情况 / Findings")
    outcome: str = Field(description="accepted / not_accepted / 空 / empty")
    opinion: str = Field(description="评价意见和建议 / Opinion and suggestions")
    reasons: str = Field(description="未通过的原因及须完成的整改 / Why not accepted, what must be done")
    filed_at: dt.datetime | None = Field(description="备案时间 / Filed at")


class ExtensionOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    current_due: dt.date = Field(description="现行期限 / Deadline in force then")
    requested_due: dt.date = Field(description="申请延期至 / Requested")
    reason: str = Field(description="延期理由 / Reason")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    decision: str = Field(description="审批意见 / Decision")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class AcceptanceOut(AcceptanceSummary):
    delegation_basis: str = Field(description="委托依据 / Delegation basis")
    delegation_reason: str = Field(description="委托理由 / Delegation reason")
    missing: list[str] = Field(description="竣工验收申请尚缺的材料 / What the application still lacks (Art. 20)")
    documents: list[DocumentRecordOut] = Field(description="初步验收及申请材料 / Typed documents")
    rounds: list[RoundOut] = Field(description="竣工验收（每次申请一轮） / Completion acceptance rounds")
    extensions: list[ExtensionOut] = Field(description="延期验收申请 / Extension requests")
    completion_accepted: bool = Field(description="是否通过竣工验收 / Completion acceptance passed")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class DocumentIn(Schema):
    kind: SlotCode = Field(description="材料类型代码 / Kind code")
    subject: Text = _text("合同或子系统（单项验收报告必填） / Contract or subsystem", max_length=120, default="")
    author_organisation: Text = _text("编制单位 / Made by (organisation)", max_length=120, min_length=1)
    author_person: Text = _text("编制人 / Made by (person)", max_length=60, min_length=1)
    dated: dt.date = Field(description="报告日期 / Dated")


class ExtensionIn(Schema):
    requested_due: dt.date = Field(description="申请延期至 / Requested date")
    reason: Text = _text("延期理由 / Reason", max_length=20000, min_length=1)


class DelegateIn(Schema):
    reason: Text = _text(
        "委托理由（超过限额时必填） / Reason (required above the threshold)", max_length=20000, default=""
    )


class MemberIn(Schema):
    kind: MemberKind = Field(description="office_staff 办公室工作人员 / expert 专家 / department 受邀部门")
    user_id: Id | None = Field(None, description="人员 ID（办公室工作人员、专家） / User id")
    unit_id: Id | None = Field(None, description="部门 ID（受邀部门） / Unit id")
    duty: Text = _text("职责 / Duty", max_length=60, default="")


class CheckIn(Schema):
    evidence: Text = _text("证据 / Evidence", max_length=20000, min_length=1)
    passed: bool = Field(description="是否满足 / Met")
    note: Text = _text("说明（不满足时必填） / Note (required when not met)", max_length=20000, default="")


class ReviewIn(Schema):
    areas: list[AreaCode] = Field(description="检查内容（八项均须检查） / Areas reviewed (all eight)")
    bases: list[BasisCode] = Field(description="验收依据（附件4 三） / Bases (Att. 4 III)")
    findings: Text = _text("检查情况 / Findings", max_length=20000, min_length=1)
