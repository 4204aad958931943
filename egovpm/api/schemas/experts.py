"""Schemas of the expert library API (第七条(二), 第九条(三))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from egovpm.experts.domain import FIELDS

from .base import Id, PageParams, Text, _text

FieldCode = Literal[tuple(code for code, _ in FIELDS)]  # type: ignore[valid-type]
StatusAction = Literal["verify", "suspend", "reinstate", "remove"]


class ExpertFilters(PageParams):
    field: FieldCode | None = Field(None, description="专业领域 / Field")


class ExpertOut(Schema):
    id: int = Field(description="专家 ID / Expert id")
    code: str = Field(description="专家编号 / Expert code")
    name: str = Field(description="姓名 / Name")
    fields: list[str] = Field(description="专业领域代码 / Field codes")
    field_labels: list[str] = Field(description="专业领域 / Fields")
    title: str = Field(description="职称 / Title")
    employer: str = Field(description="工作单位 / Employer")
    region: str = Field(description="所在地区 / Region")
    phone: str = Field(description="联系电话（按权限脱敏） / Phone (masked unless allowed)")
    status: str = Field(description="状态代码 / Status code")
    status_label: str = Field(description="状态 / Status")


class ExpertPage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[ExpertOut] = Field(description="本页条目 / Items of this page")


class ExpertEnrolIn(Schema):
    user_id: Id = Field(description="专家账号 ID / The expert's user id")
    fields: list[FieldCode] = Field(description="专业领域 / Fields", max_length=10)
    title: Text = _text("职称 / Title", max_length=60)
    employer: Text = _text("工作单位 / Employer", max_length=200)
    employer_unit_id: Id | None = Field(None, description="工作单位为本市单位的其 ID / The employer's unit id")
    region: Text = _text("所在地区 / Region", max_length=60, default="")
    phone: Text = _text("联系电话 / Phone", max_length=30, default="")


class ExpertStatusIn(Schema):
    action: StatusAction = Field(description="核实、暂停、恢复、移出 / verify, suspend, reinstate, remove")
    reason: Text = _text("理由 / Reason", max_length=2000)


class RequirementIn(Schema):
    field: FieldCode = Field(description="专业领域 / Field")
    count: int = Field(ge=0, le=15, description="人数 / Number of experts")


class DrawIn(Schema):
    requirements: list[RequirementIn] = Field(description="各领域需要的专家人数 / Experts per field", max_length=10)


class ExclusionOut(Schema):
    expert: int = Field(description="专家 ID / Expert id")
    code: str = Field(description="排除理由代码 / Reason code")
    reason: str = Field(description="排除理由 / Reason")


class RoundOut(Schema):
    number: int = Field(description="轮次 / Round")
    field: str = Field(description="专业领域代码 / Field code")
    count: int = Field(description="抽取人数 / Number drawn")
    pool: list[int] = Field(description="候选专家 ID（升序） / Eligible experts, ascending")
    picked: list[int] = Field(description="抽中的专家 ID / Experts drawn")
    excluded: list[ExclusionOut] = Field(description="排除的专家及理由 / Excluded, with reasons")
    replaces: int | None = Field(description="替补的抽取结果 ID / The assignment replaced")


class AssignmentOut(Schema):
    id: int = Field(description="抽取结果 ID / Assignment id")
    draw_id: int = Field(description="抽取 ID / Draw id")
    project_name: str = Field(description="项目名称 / Project")
    kind: str = Field(description="评审类别 / Kind of review")
    expert: int = Field(description="专家 ID / Expert id")
    expert_name: str = Field(description="专家 / Expert")
    field: str = Field(description="专业领域代码 / Field code")
    manual: bool = Field(description="人工指定 / Picked manually")
    manual_reason: str = Field(description="人工指定的理由 / Reason of the manual pick")
    status: str = Field(description="状态代码 / Status code")
    status_label: str = Field(description="状态 / Status")
    respond_by: dt.date = Field(description="确认截止日期 / Answer by")
    response_reason: str = Field(description="谢绝或回避的理由 / Reason of a decline or conflict")
    total: Decimal | None = Field(description="打分表总分 / Sheet total")


class AggregateOut(Schema):
    count: int = Field(description="已提交打分表数 / Sheets submitted")
    mean: Decimal | None = Field(description="平均分 / Mean")
    trimmed_mean: Decimal | None = Field(description="去掉最高最低分的平均分 / Trimmed mean")
    median: Decimal | None = Field(description="中位数 / Median")
    spread: Decimal | None = Field(description="极差 / Spread")
    stdev: Decimal | None = Field(description="标准差 / Standard deviation")
    outliers: list[int] = Field(description="偏离较大的抽取结果 ID / Assignments flagged")


class DrawSummary(Schema):
    id: int = Field(description="抽取 ID / Draw id")
    project_id: int = Field(description="项目 ID / Project id")
    project_name: str = Field(description="项目名称 / Project")
    kind: str = Field(description="评审类别 / Kind of review")
    made_at: dt.datetime = Field(description="抽取时间 / Made at")
    closed: bool = Field(description="评审已结束 / Review concluded")


class DrawPage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[DrawSummary] = Field(description="本页条目 / Items of this page")


class DrawOut(DrawSummary):
    seed: str = Field(description="随机种子 / Seed")
    requirements: list[RequirementIn] = Field(description="抽取要求 / Requirements")
    rounds: list[RoundOut] = Field(description="各轮抽取 / Rounds")
    assignments: list[AssignmentOut] = Field(description="抽取结果 / Assignments")
    sheet_version: str = Field(description="打分表版本 / Sheet version")
    aggregate: AggregateOut = Field(description="打分汇总 / Aggregate")


class VerificationOut(Schema):
    round: int = Field(description="轮次 / Round")
    field: str = Field(description="专业领域 / Field")
    recorded: list[int] = Field(description="记录的抽取结果 / Recorded")
    recomputed: list[int] = Field(description="复算结果 / Recomputed")
    ok: bool = Field(description="一致 / Matches")


class PickIn(Schema):
    expert_id: Id = Field(description="专家 ID / Expert id")
    field: FieldCode = Field(description="专业领域 / Field")
    reason: Text = _text("人工指定的理由 / Reason", max_length=2000)


class AssignmentPage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[AssignmentOut] = Field(description="本页条目 / Items of this page")


class AcceptIn(Schema):
    no_conflict: bool = Field(description="声明与项目无应当回避的关系 / Declares no conflict")


class DeclineIn(Schema):
    reason: Text = _text("谢绝的理由或回避的情况 / Reason", max_length=2000)
    conflict: bool = Field(False, description="申报回避 / Declares a conflict")


class ScoreSheetIn(Schema):
    scores: dict[str, Text] = Field(description="各项得分 {指标代码: 分数} / Scores by criterion code")
    comment: Text = _text("评审意见 / Comment", max_length=20000)
