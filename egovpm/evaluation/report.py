"""The evaluation report (评估报告, 第二十五条 to 第二十八条) as an official document (egovpm.official, GB/T
9704-2012): issued (numbered) when the Office concludes an evaluation, with each indicator's score, evidence and
comment, the weighted total and, for an ex-post evaluation below the pass score, the order to rectify by its
deadline (第二十七条)."""

from __future__ import annotations

from egovpm.core import clock
from egovpm.official.domain import H1, H3, Block, OfficialText, official_date, paragraphs
from egovpm.official.registry import OfficialKind, register_kind
from egovpm.policy.loader import get_policy

from . import selectors
from .models import Evaluation


def report_title(evaluation: Evaluation) -> str:
    return f"关于{evaluation.project.name}{evaluation.get_kind_display()}的评估报告"


def report_text(issued) -> OfficialText:
    e: Evaluation = issued.owner
    criteria = e.criteria.criteria
    scores = {s.indicator: s for s in e.scores.all()}
    evaluator = e.evaluator_unit.name if e.evaluator_unit_id else str(e.evaluator)
    blocks = [
        Block(
            f"按照《启东市电子政务工程建设项目管理暂行办法》第二十五条至第二十八条和效果评估标准（第{e.criteria.number}版），"
            f"{evaluator}对“{e.project.name}”（项目编号{e.project.code}）开展了{e.get_kind_display()}"
            f"{'（' + e.round_label + '）' if e.round_label else ''}。现将评估结果通报如下："
        ),
        Block("一、评分情况", H1),
    ]
    for n, indicator in enumerate(criteria.for_kind(e.kind), 1):
        s = scores.get(indicator.code)
        score = "未评分" if s is None else f"{s.score}分"
        blocks.append(Block(f"{n}. {indicator.group_label}·{indicator.name}（权重{indicator.weight}）：{score}", H3))
        if s is not None:
            blocks.append(Block(f"评分依据：{s.evidence}"))
            blocks.append(Block(f"评价意见：{s.comment}"))
    verdict = "低于合格分数线" if e.below_threshold else "达到合格分数线"
    blocks += [
        Block("二、评估结论", H1),
        Block(f"加权总分{e.total}分（合格分数线{criteria.pass_score}分），{verdict}。"),
        *paragraphs(e.opinion),
    ]
    if e.rectification_due:
        blocks += [
            Block("三、整改要求", H1),
            Block(
                f"项目未实现建设目标或未达到预期效果，请你单位于{official_date(e.rectification_due)}前完成整改，"
                "并报送整改情况（第二十七条）。逾期未整改或整改后仍不符合要求的，将予以通报批评。"
            ),
        ]
    return OfficialText(
        issuer=get_policy().documents.issuer,
        number=issued.number,
        title=issued.title,
        addressee=e.unit.name,
        blocks=tuple(blocks),
        issued_on=clock.local_date(e.concluded_at),
        copies_to="市财政局，市审计局",
        reference=e.project.code,
        kind_label="评估报告",
    )


def may_read_report(user, evaluation: Evaluation) -> bool:
    return selectors.evaluation_get(user, evaluation.pk) is not None


def register() -> None:
    register_kind(OfficialKind("evaluation_report", "评估报告", report_text, may_read_report))
