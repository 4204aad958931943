"""What each party may see of evaluation (第二十五条 to 第二十九条). Deny by default: the Office, Finance and
Audit see every evaluation; a third-party assessor's staff only those assigned to their unit; a unit its own
projects' evaluations once concluded; nobody else any."""

from __future__ import annotations

from django.db.models import QuerySet

from egovpm.lifecycle.roles import APPLICANT_ROLES, ASSESSOR_ROLES, OFFICE_ROLES, Role
from egovpm.official.selectors import issued_for
from egovpm.projects.engine import available_actions, may

from . import domain
from .models import CriteriaVersion, Evaluation, EvaluationRectification

OVERSEERS = OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}
VIEWER_ROLES = OVERSEERS | ASSESSOR_ROLES | APPLICANT_ROLES
CRITERIA_ROLES = OVERSEERS | ASSESSOR_ROLES


def evaluations_visible_to(user) -> QuerySet[Evaluation]:
    rows = Evaluation.objects.select_related("project", "unit", "evaluator_unit", "evaluator", "criteria")
    roles = user.roles
    if roles & OVERSEERS:
        return rows
    if roles & ASSESSOR_ROLES and user.unit_id is not None:
        return rows.filter(evaluator_unit_id=user.unit_id)
    if roles & APPLICANT_ROLES and user.unit_id is not None:
        return rows.filter(unit_id=user.unit_id, stage="concluded")
    return rows.none()


def evaluation_list(user, *, kind: str = "", stage: str = "") -> QuerySet[Evaluation]:
    rows = evaluations_visible_to(user)
    if kind:
        rows = rows.filter(kind=kind)
    if stage:
        rows = rows.filter(stage=stage)
    return rows


def evaluation_get(user, pk: int) -> Evaluation | None:
    return evaluations_visible_to(user).filter(pk=pk).first()


def evaluation_page(user, evaluation: Evaluation) -> dict:
    """One evaluation's page: each indicator of its kind in the version it keeps with the score given, the
    engine's actions for the user and whether the user may score now."""
    criteria = evaluation.criteria.criteria
    scores = {s.indicator: s for s in evaluation.scores.select_related("scored_by")}
    rows = [(i, scores.get(i.code)) for i in criteria.for_kind(evaluation.kind)]
    evaluation.actions = available_actions(user=user, obj=evaluation)
    rectification = EvaluationRectification.objects.filter(evaluation=evaluation).first()
    if rectification is not None:
        rectification.actions = available_actions(user=user, obj=rectification)
    return {
        "rectification": rectification,
        "evaluation": evaluation,
        "rows": rows,
        "plan": criteria.plans[evaluation.kind],
        "pass_score": criteria.pass_score,
        "may_score": may(user, evaluation, "score_indicator")[0],
        "running_total": domain.weighted_total(criteria, evaluation.kind, {k: s.score for k, s in scores.items()}),
        "report": issued_for(evaluation, "evaluation_report") if evaluation.concluded_at else None,
    }


def criteria_list() -> QuerySet[CriteriaVersion]:
    return CriteriaVersion.objects.select_related("drafted_by").prefetch_related("concurrences")


def criteria_get(user, pk: int) -> CriteriaVersion | None:
    if not user.roles & CRITERIA_ROLES:
        return None
    return criteria_list().filter(pk=pk).first()


def results_of_unit(unit_id: int) -> QuerySet[Evaluation]:
    """The unit's concluded evaluations (第二十七条 评估结果作为项目申报单位今后申报项目的依据)."""
    return Evaluation.objects.filter(unit_id=unit_id, stage="concluded").select_related("project")


def ex_ante_of(declaration) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(declaration=declaration, kind=domain.EX_ANTE).select_related("evaluator_unit")


def declaration_section(user, declaration) -> dict:
    """第二十六条 评估意见作为项目初审的依据: the declaration's ex-ante evaluations (the concluded ones to whoever
    sees the page, the others to the Office); 第二十八条 评估结果作为…支付运行维护费用的依据: the project's
    concluded in-use results on a maintenance declaration; whether the Office may order an ex-ante now."""
    from egovpm.policy.loader import get_policy

    office = bool(user.roles & OVERSEERS)
    ex_ante = [e for e in ex_ante_of(declaration) if office or e.stage == "concluded"]
    in_use = []
    if declaration.nature in get_policy().intake.maintenance_natures:
        in_use = list(
            Evaluation.objects.filter(project_id=declaration.project_id, kind=domain.IN_USE, stage="concluded")
        )
    return {
        "ex_ante": ex_ante,
        "in_use": in_use,
        "can_order": bool(user.roles & OFFICE_ROLES) and declaration.stage != "draft",
        "show": bool(ex_ante or in_use or user.roles & OFFICE_ROLES),
    }


def result_records(unit_ids):
    """第二十七条 评估结果作为项目申报单位今后申报项目的依据: the unit's concluded ex-post and in-use results, as
    records of projects.unit_records shown where its new declarations are judged."""
    from egovpm.projects.unit_records import UnitRecord

    rows = Evaluation.objects.filter(
        unit_id__in=list(unit_ids), stage="concluded", kind__in=(domain.EX_POST, domain.IN_USE)
    ).select_related("project")
    records = []
    for e in rows:
        verdict = "低于合格分数线，限期整改" if e.below_threshold else "合格"
        records.append(
            UnitRecord(
                unit_id=e.unit_id,
                date=e.concluded_at.astimezone(_tz()).date(),
                label=f"{e.get_kind_display()}结果",
                article=domain.KIND_ARTICLES[e.kind],
                text=f"加权总分 {e.total} 分（{verdict}）{('；' + e.round_label) if e.round_label else ''}",
                project=f"{e.project.code} {e.project.name}",
            )
        )
    return records


def _tz():
    from egovpm.core import clock

    return clock.TZ


def rectification_get(user, pk: int) -> EvaluationRectification | None:
    rectification = EvaluationRectification.objects.select_related("evaluation").filter(pk=pk).first()
    if rectification is None or evaluation_get(user, rectification.evaluation_id) is None:
        return None
    return rectification


def criticism_records(unit_ids):
    """第二十七条 通报批评 after an ex-post evaluation's rectification, as records of projects.unit_records."""
    from egovpm.projects.unit_records import UnitRecord

    rows = EvaluationRectification.objects.filter(unit_id__in=list(unit_ids), stage="criticised").select_related(
        "project"
    )
    return [
        UnitRecord(
            unit_id=r.unit_id,
            date=r.criticised_at.astimezone(_tz()).date(),
            label="通报批评",
            article="第二十七条",
            text=r.criticism,
            project=f"{r.project.code} {r.project.name}",
        )
        for r in rows
    ]
