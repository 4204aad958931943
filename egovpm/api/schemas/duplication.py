"""第五条: the similar projects of a declaration, the Office's judgement of a pair, the unit's statement."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from egovpm.duplication.models import Remedy, Verdict

from .base import Text, UnitRef, _text

VerdictCode = Literal[tuple(Verdict.values)]  # type: ignore[valid-type]
RemedyCode = Literal[tuple(Remedy.values)]  # type: ignore[valid-type]


class JudgementIn(Schema):
    verdict: VerdictCode = Field(description="判定：duplicate 重复建设 / overlapping 部分重叠 / distinct 不重复")
    remedy: RemedyCode = Field(
        description="处理方式：重复建设 merge 或 reuse；部分重叠 share；不重复 none / Remedy fitting the verdict"
    )
    reason: Text = _text("判定理由 / Reason", max_length=5000, min_length=1)


class StatementIn(Schema):
    reason: Text = _text("不重复的理由 / Why the project is not a duplicate", max_length=5000, min_length=1)


class JudgementOut(Schema):
    id: int = Field(description="判定 ID / Judgement id")
    projects: list[int] = Field(description="两个项目的 ID / The pair's project ids")
    verdict: str = Field(description="判定代码 / Verdict code")
    verdict_label: str = Field(description="判定 / Verdict")
    remedy: str = Field(description="处理方式代码 / Remedy code")
    remedy_label: str = Field(description="处理方式 / Remedy")
    reason: str = Field(description="判定理由 / Reason")
    score: str = Field(description="判定时的相似度 / Score when judged")
    decided_by: str = Field(description="判定人 / Decided by")
    decided_at: datetime = Field(description="判定时间 / Decided at")


class StatementOut(Schema):
    other_project_id: int = Field(description="相似项目 ID / The similar project")
    reason: str = Field(description="不重复的理由 / Reason")
    stated_by: str = Field(description="说明人 / Stated by")
    stated_at: datetime = Field(description="说明时间 / Stated at")


class SimilarOut(Schema):
    project_id: int = Field(description="相似项目 ID / Similar project id")
    name: str = Field(description="项目名称 / Project name")
    unit: UnitRef = Field(description="项目单位 / The project's unit")
    score: float = Field(description="相似度（0–1） / Score (0 to 1)")
    close: bool = Field(description="达到政策的高度相似阈值 / At or above the policy's close_match")
    detail: bool = Field(description="您可查看该项目详情 / You may see the project in full")
    code: str = Field(description="项目编号（可查看时） / Code (when visible)")
    category: str = Field(description="项目类别（可查看时） / Category (when visible)")
    content: str = Field(description="建设内容（可查看时） / Construction content (when visible)")
    phrases: list[str] = Field(description="相同表述（可查看时） / Common phrases (when visible)")
    items: list[str] = Field(description="相同信息项（可查看时） / Common information items (when visible)")
    declaration_id: int | None = Field(description="其最新可见申报 ID / Its latest declaration you may open")
    judgement: JudgementOut | None = Field(description="办公室判定 / The Office's judgement")
    statement: StatementOut | None = Field(description="申报单位说明 / The unit's statement")
