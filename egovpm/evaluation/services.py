"""Use cases of performance evaluation (第二十五条 to 第二十九条), one function each: the permission through the
one engine (or the rule for records that start a workflow), the record, the audit event, one transaction."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.core.validators import has_visible_text
from egovpm.intake.models import Declaration
from egovpm.official.services import official_issue
from egovpm.orgs.models import Unit
from egovpm.policy.loader import get_policy
from egovpm.procurement.models import Procurement
from egovpm.projects.engine import (
    CONTROL_CHARACTERS,
    contributed_guard_values,
    control_characters,
    is_office,
    lock_sequence,
    perform,
    require,
    take,
)
from egovpm.projects.models import Project
from egovpm.supervision.models import Supervision

from . import domain
from .models import Concurrence, CriteriaVersion, Evaluation, EvaluationRectification, Score
from .report import report_title
from .workflow import EVALUATOR_ROLES

SEED = Path(__file__).resolve().parent / "data" / "criteria-2019.json"


def seed_content() -> dict:
    """The first version of the criteria as data (data/criteria-2019.json)."""
    return json.loads(SEED.read_text(encoding="utf-8"))


def _text(value: str, field: str, label: str) -> str:
    if control_characters(value or ""):
        raise ValidationError({field: CONTROL_CHARACTERS})
    if not has_visible_text(value or ""):
        raise ValidationError({field: f"请填写{label}。"})
    return value.strip()


# 第二十九条: the criteria and their concurrence --------------------------------------------------------------


def criteria_draft(*, actor, content: dict, note: str = "") -> CriteriaVersion:
    """第二十九条: the Office drafts a new version of the 评估标准和实施方案 (checked whole); it takes effect only
    after Finance's and Audit's concurrence."""
    require(is_office(actor), "只有办公室可以起草效果评估标准和实施方案（第二十九条）。")
    try:
        domain.parse_criteria(content)
    except domain.CriteriaError as exc:
        raise ValidationError({"content": str(exc)}) from exc
    title = _text(str(content.get("title", "")), "content", "评估标准的名称")
    with transaction.atomic():
        lock_sequence("evaluation_criteria")
        number = (CriteriaVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        now = clock.now()
        version = CriteriaVersion(
            number=number,
            title=title,
            content=content,
            note=(note or "").strip(),
            stage_changed_at=now,
            drafted_by=actor,
            drafted_at=now,
        )
        version.full_clean()
        version.save()
        audit_record(actor=actor, action="evaluation_criteria.draft", obj=version, after={"number": number})
    return version


def _concur(*, actor, version: CriteriaVersion, party: str, activity: str, opinion: str) -> Concurrence:
    opinion = _text(opinion, "opinion", "会签意见")

    def apply(locked):
        if locked.concurrences.filter(party=party).exists():
            raise Refused(f"{Concurrence.Party(party).label}已会签该版本。", code="already_concurred")
        concurrence = Concurrence(version=locked, party=party, opinion=opinion, given_by=actor, given_at=clock.now())
        concurrence.full_clean()
        concurrence.save()
        return concurrence, {}, {"party": party}

    return perform(actor=actor, obj=version, activity=activity, reason=opinion, apply=apply)


def criteria_concur_finance(*, actor, version: CriteriaVersion, opinion: str) -> Concurrence:
    """第二十九条 会同市财政: the Finance bureau's concurrence with a draft."""
    return _concur(actor=actor, version=version, party="finance", activity="concur_finance", opinion=opinion)


def criteria_concur_audit(*, actor, version: CriteriaVersion, opinion: str) -> Concurrence:
    """第二十九条 会同…审计: the Audit bureau's concurrence with a draft."""
    return _concur(actor=actor, version=version, party="audit", activity="concur_audit", opinion=opinion)


def criteria_put_in_force(*, actor, criteria: CriteriaVersion) -> CriteriaVersion:
    """A concurred draft takes effect today; the version in force before is superseded (it stays with the
    evaluations that used it)."""
    with transaction.atomic():
        previous = criteria_in_force()
        if previous is not None and previous.pk != criteria.pk:
            criteria_supersede(actor=actor, criteria=previous)

        def apply(locked):
            locked.in_force_on = clock.today()
            return {"superseded": previous.number if previous else None}

        return take(actor=actor, obj=criteria, action="put_in_force", apply=apply)


def criteria_supersede(*, actor, criteria: CriteriaVersion) -> CriteriaVersion:
    """The version in force gives way to a concurred successor (taken by criteria_put_in_force)."""
    return take(actor=actor, obj=criteria, action="supersede_criteria")


def criteria_withdraw(*, actor, criteria: CriteriaVersion, reason: str) -> CriteriaVersion:
    return take(actor=actor, obj=criteria, action="withdraw_criteria", reason=reason)


def criteria_in_force() -> CriteriaVersion | None:
    return CriteriaVersion.objects.filter(stage="in_force").first()


# 第二十五条 to 第二十八条: evaluations -------------------------------------------------------------------------


def conflict_problem(project: Project, evaluator_unit: Unit) -> str:
    """第二十五条 公正、客观: the refusal when the evaluator's unit is the project's unit, one of its suppliers or
    its supervision firm; "" otherwise."""
    return domain.conflict_of_interest(
        evaluator_unit_id=evaluator_unit.pk,
        evaluator_unit_name=evaluator_unit.name,
        project_unit_id=project.unit_id,
        suppliers=Procurement.objects.filter(project=project).values_list("supplier", flat=True),
        firm_unit_ids=Supervision.objects.filter(project=project).values_list("firm_id", flat=True),
    )


def evaluation_order(
    *,
    actor,
    project: Project,
    kind: str,
    evaluator,
    due: dt.date | None = None,
    contract_number: str = "",
    declaration: Declaration | None = None,
    round_label: str = "",
) -> Evaluation:
    """The Office orders an evaluation of a project under the criteria in force and assigns its evaluator:
    事前评估 for a declaration before approval (第二十六条 视实际需要), 事后评估 of an accepted project
    (第二十七条), 应用评估 of a project in operation in a round (第二十八条 定期或不定期)."""
    require(is_office(actor), "只有办公室可以组织效果评估（第二十五条）。")
    if kind not in dict(domain.KINDS):
        raise ValidationError({"kind": "请选择评估种类。"})
    criteria = criteria_in_force()
    if criteria is None:
        raise Refused(
            "尚无生效的效果评估标准：请先起草并经市财政局、市审计局会签后发布（第二十九条）。", code="no_criteria"
        )
    if kind == domain.EX_ANTE:
        if declaration is None or declaration.project_id != project.pk:
            raise ValidationError({"declaration": "事前评估须针对该项目的一份申报（第二十六条）。"})
    elif kind == domain.EX_POST:
        if not contributed_guard_values(project).get(domain.COMPLETION_ACCEPTED):
            raise Refused(domain.NOT_ACCEPTED, code="not_accepted")
        declaration = None
    else:
        from egovpm.operations.models import Operation

        if not Operation.objects.filter(project=project, stage="in_operation").exists():
            raise Refused("应用评估针对运行中的项目（第二十八条）：该项目尚未投入运行。", code="not_in_operation")
        if not has_visible_text(round_label or ""):
            raise ValidationError({"round_label": "请填写评估轮次（如“2028年度定期评估”，第二十八条 定期或不定期）。"})
        declaration = None
    if not evaluator.is_active or not (evaluator.roles & EVALUATOR_ROLES) or evaluator.unit_id is None:
        raise ValidationError({"evaluator": "评价人员应为办公室人员、专家或第三方评估机构的人员。"})
    problem = conflict_problem(project, evaluator.unit)
    if problem:
        raise ValidationError({"evaluator": problem})
    if control_characters(contract_number or "") or control_characters(round_label or ""):
        raise ValidationError({"contract_number": CONTROL_CHARACTERS})
    today = clock.today()
    deadline = get_policy().deadline("evaluation.evaluation")
    due = due or deadline.default_due(today)
    problems = deadline.problems_with(today, due)
    if problems:
        raise ValidationError({"due": problems[0]})
    with transaction.atomic():
        now = clock.now()
        evaluation = Evaluation(
            project=project,
            unit_id=project.unit_id,
            kind=kind,
            declaration=declaration,
            round_label=(round_label or "").strip(),
            criteria=criteria,
            evaluator=evaluator,
            evaluator_unit_id=evaluator.unit_id,
            contract_number=(contract_number or "").strip(),
            due=due,
            stage_changed_at=now,
            ordered_by=actor,
            ordered_at=now,
        )
        evaluation.full_clean()
        evaluation.save()
        audit_record(
            actor=actor,
            action="evaluation.order",
            obj=evaluation,
            after={
                "project": project.code,
                "kind": kind,
                "criteria": criteria.number,
                "evaluator_unit": evaluator.unit_id,
                "due": due.isoformat(),
            },
        )
    return evaluation


def evaluation_start(*, actor, evaluation: Evaluation) -> Evaluation:
    return take(actor=actor, obj=evaluation, action="start_scoring")


def score_record(*, actor, evaluation: Evaluation, indicator: str, score, evidence: str, comment: str) -> Score:
    """第二十五条 科学、公正、客观、实用: the evaluator scores one indicator of the version the evaluation keeps,
    with its evidence and comment; a new score of the same indicator replaces the old (audited)."""
    item = evaluation.criteria.criteria.indicator(indicator)
    if item is None or evaluation.kind not in item.kinds:
        raise ValidationError({"indicator": "该评价指标不适用于本次评估。"})
    for value in (evidence or "", comment or ""):
        if control_characters(value):
            raise ValidationError({"comment": CONTROL_CHARACTERS})
    problems = domain.score_problems(score, evidence=evidence or "", comment=comment or "")
    if problems:
        raise ValidationError(problems)
    value = Decimal(str(score))

    def apply(locked):
        existing = Score.objects.filter(evaluation=locked, indicator=indicator).first()
        before = {"score": str(existing.score)} if existing else {}
        row = existing or Score(evaluation=locked, indicator=indicator)
        row.score, row.evidence, row.comment = value, evidence.strip(), comment.strip()
        row.scored_by, row.scored_at = actor, clock.now()
        row.full_clean()
        row.save()
        return row, before, {"indicator": indicator, "score": str(value)}

    return perform(actor=actor, obj=evaluation, activity="score_indicator", apply=apply)


def scores_of(evaluation: Evaluation) -> dict[str, Decimal]:
    return dict(evaluation.scores.values_list("indicator", "score"))


def evaluation_submit(*, actor, evaluation: Evaluation, opinion: str) -> Evaluation:
    """The evaluator submits its opinion; the weighted total of the version kept is recorded."""
    opinion = _text(opinion, "opinion", "评估意见")

    def apply(locked):
        locked.opinion = opinion
        locked.total = domain.weighted_total(locked.criteria.criteria, locked.kind, scores_of(locked))
        return {"total": str(locked.total)}

    return take(actor=actor, obj=evaluation, action="submit_evaluation", reason=opinion, apply=apply)


def evaluation_return(*, actor, evaluation: Evaluation, reason: str) -> Evaluation:
    return take(actor=actor, obj=evaluation, action="return_evaluation", reason=reason)


def evaluation_conclude(*, actor, evaluation: Evaluation, rectification_due: dt.date | None = None) -> Evaluation:
    """The Office concludes. 第二十七条 认为建设项目未实现建设目标或未达到预期效果的，项目建设单位要限期整改: an
    ex-post total below the version's pass score orders rectification by a deadline (policy
    evaluation.rectification)."""

    def apply(locked):
        criteria = locked.criteria.criteria
        locked.below_threshold = domain.below_threshold(locked.total, criteria)
        locked.concluded_at = clock.now()
        extra = {"total": str(locked.total), "below_threshold": locked.below_threshold}
        if locked.below_threshold and locked.kind == domain.EX_POST:
            deadline = get_policy().deadline("evaluation.rectification")
            today = clock.today()
            due = rectification_due or deadline.default_due(today)
            problems = deadline.problems_with(today, due)
            if problems:
                raise ValidationError({"rectification_due": problems[0]})
            locked.rectification_due = due
            extra["rectification_due"] = due.isoformat()
        issued = official_issue(
            actor=actor, kind="evaluation_report", owner=locked, project=locked.project, title=report_title(locked)
        )
        extra["report"] = issued.number
        return extra

    with transaction.atomic():
        concluded = take(actor=actor, obj=evaluation, action="conclude_evaluation", apply=apply)
        if concluded.rectification_due is not None:
            rectification = EvaluationRectification(
                evaluation=concluded,
                project_id=concluded.project_id,
                unit_id=concluded.unit_id,
                due=concluded.rectification_due,
                stage_changed_at=clock.now(),
            )
            rectification.full_clean()
            rectification.save()
            audit_record(
                actor=actor,
                action="evaluation_rectification.order",
                obj=rectification,
                after={"evaluation": concluded.pk, "due": concluded.rectification_due.isoformat()},
            )
    return concluded


# 第二十七条 限期整改 and 通报批评 ------------------------------------------------------------------------------


def rectification_answer(*, actor, rectification: EvaluationRectification, answer: str) -> EvaluationRectification:
    """The unit reports what it rectified (the Office judges it)."""
    answer = _text(answer, "answer", "整改情况")

    def apply(locked):
        locked.answer = answer
        return {}

    return take(actor=actor, obj=rectification, action="answer_rectification", reason=answer, apply=apply)


def rectification_accept(*, actor, rectification: EvaluationRectification) -> EvaluationRectification:
    return take(actor=actor, obj=rectification, action="accept_rectification")


def rectification_criticise(*, actor, rectification: EvaluationRectification, reason: str) -> EvaluationRectification:
    """第二十七条 对拒不整改或整改后仍不符合要求的，项目审批部门可对其进行通报批评: after the deadline passed without an
    answer, or on an answer that still fails; a record against the unit (projects.unit_records)."""
    reason = _text(reason, "reason", "通报批评的内容")
    action = "criticise_lapsed" if rectification.stage == "ordered" else "criticise_failed"

    def apply(locked):
        locked.criticism = reason
        locked.criticised_at = clock.now()
        return {"criticism": reason}

    return take(actor=actor, obj=rectification, action=action, reason=reason, apply=apply)
