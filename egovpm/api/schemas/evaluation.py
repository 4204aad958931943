"""Schemas of the evaluation API (第二十五条 to 第二十九条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from egovpm.evaluation.domain import KINDS
from egovpm.evaluation.workflow import EVALUATION

from .base import PageParams, Text, _text
from .declarations import ActionOfferOut

KindCode = Literal[tuple(code for code, _ in KINDS)]  # type: ignore[valid-type]
EvaluationStageCode = Literal[tuple(s.code for s in EVALUATION.stages)]  # type: ignore[valid-type]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2, allow_inf_nan=False)]


class EvaluationFilters(PageParams):
    kind: KindCode | None = Field(None, description="评估种类 / Kind")
    stage: EvaluationStageCode | None = Field(None, description="状态 / Stage")


class EvaluationSummary(Schema):
    id: int = Field(description="评估 ID / Evaluation id")
    project_id: int = Field(description="项目 ID / Project id")
    project_code: str = Field(description="项目编号 / Project code")
    project_name: str = Field(description="项目名称 / Project name")
    unit: str = Field(description="项目建设单位 / The project's unit")
    kind: str = Field(description="评估种类代码 / Kind code")
    kind_label: str = Field(description="评估种类 / Kind")
    round_label: str = Field(description="评估轮次（应用评估） / Round (in-use)")
    evaluator_unit: str = Field(description="评价机构 / The evaluator's unit")
    contract_number: str = Field(description="委托合同编号 / Contract number")
    due: dt.date = Field(description="完成期限 / Deadline")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    criteria_version: int = Field(description="评估标准版本号 / Criteria version")
    total: Decimal | None = Field(description="加权总分 / Weighted total")
    below_threshold: bool = Field(description="低于合格分数线 / Below the pass score")
    rectification_due: dt.date | None = Field(description="限期整改期限（第二十七条） / Rectification deadline")


class EvaluationPage(Schema):
    count: int = Field(description="总数 / Total")
    items: list[EvaluationSummary] = Field(description="本页条目 / Items of this page")


class ScoreOut(Schema):
    indicator: str = Field(description="评价指标编号 / Indicator code")
    group: str = Field(description="第二十五条的评估内容 / Content of Art. 25")
    name: str = Field(description="评价指标 / Indicator")
    weight: Decimal = Field(description="权重 / Weight")
    score: Decimal | None = Field(description="评分 / Score")
    evidence: str = Field(description="评分依据 / Evidence")
    comment: str = Field(description="评价意见 / Comment")


class EvaluationOut(EvaluationSummary):
    opinion: str = Field(description="评估意见 / Opinion")
    pass_score: Decimal = Field(description="合格分数线 / Pass score")
    scores: list[ScoreOut] = Field(description="各项评分 / Scores")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions you may take now")


class ScoreIn(Schema):
    indicator: str = Field(max_length=20, description="评价指标编号 / Indicator code")
    score: Score = Field(description="评分（0–100） / Score (0–100)")
    evidence: Text = _text("评分依据 / Evidence", max_length=4000)
    comment: Text = _text("评价意见 / Comment", max_length=4000)
