"""Accountability (第三十条): violations, their evidence and the measures taken."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from egovpm.accountability.domain import KIND_CHOICES, MEASURES
from egovpm.accountability.workflow import VIOLATION

from .base import Id, PageParams, ProjectRef, Text, UnitRef, _text
from .declarations import ActionOfferOut
from .supervision import FileOut

ViolationKindCode = Literal[tuple(code for code, _ in KIND_CHOICES)]  # type: ignore[valid-type]
MeasureCode = Literal[tuple(code for code, _ in MEASURES)]  # type: ignore[valid-type]
ViolationStageCode = Literal[tuple(s.code for s in VIOLATION.stages)]  # type: ignore[valid-type]


class ViolationFilters(PageParams):
    stage: ViolationStageCode | None = Field(None, description="状态 / Stage")
    kind: ViolationKindCode | None = Field(None, description="违规行为 / Kind")


class MeasureOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    kind: str = Field(description="处理代码 / Measure code")
    kind_label: str = Field(description="处理 / Measure")
    description: str = Field(description="处理决定 / Decision")
    persons: str = Field(
        description="负有直接责任的人员（办公室、审计局以外脱敏） / Persons (masked but for the Office and Audit)"
    )
    authority: str = Field(description="提请或移交的部门 / Department")
    decided_at: dt.datetime = Field(description="决定时间 / Decided at")


class ViolationOut(Schema):
    id: int = Field(description="记录 ID / Record id")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / The project's unit")
    kind: str = Field(description="违规行为代码 / Kind code")
    kind_label: str = Field(description="违规行为 / Kind")
    article: str = Field(description="依据 / Article")
    source: str = Field(description="来源：detected 平台自动发现、office 办公室登记 / Source")
    facts: str = Field(description="违规事实和证据 / Facts and evidence")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    decision_reason: str = Field(description="认定意见 / Decision")
    proposed_at: dt.datetime = Field(description="提出时间 / Proposed at")
    documents: list[FileOut] = Field(description="证据材料 / Evidence")
    measures: list[MeasureOut] = Field(description="处理决定 / Measures")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class ViolationPage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[ViolationOut] = Field(description="本页条目 / Items of this page")


class ViolationIn(Schema):
    project_id: Id = Field(description="项目 ID / Project id")
    kind: ViolationKindCode = Field(description="违规行为 / Kind")
    facts: Text = _text("违规事实和证据 / Facts and evidence", max_length=20000)


class MeasureIn(Schema):
    kind: MeasureCode = Field(description="处理 / Measure")
    description: Text = _text("处理决定 / Decision", max_length=20000)
    persons: Text = _text("负有直接责任的人员（提请处分、移交时必填） / Persons", max_length=2000, default="")
    authority: Text = _text("提请或移交的部门 / Department", max_length=200, default="")


class ScanOut(Schema):
    proposed: list[int] = Field(description="新提出的违规行为 ID / Violations proposed")
