"""Evaluation's part in the one engine: the facts of its criteria versions and evaluations, the assigned
evaluator as a party, its guards. Registered by EvaluationConfig.ready()."""

from __future__ import annotations

from egovpm.core import clock
from egovpm.lifecycle.engine import Facts, register_guards, register_party
from egovpm.lifecycle.table import register_workflow
from egovpm.policy.domain import is_past
from egovpm.projects.engine import contributed_guard_values, register_facts
from egovpm.projects.selectors import project_facts

from . import domain
from .models import Concurrence, CriteriaVersion, Evaluation, EvaluationRectification
from .workflow import WORKFLOWS


def register() -> None:
    for workflow in WORKFLOWS:
        register_workflow(workflow)
    register_guards(*domain.GUARDS)
    register_party(domain.EVALUATOR)
    register_facts(CriteriaVersion, criteria_facts)
    register_facts(Evaluation, evaluation_facts)
    register_facts(EvaluationRectification, rectification_facts)


def criteria_facts(version: CriteriaVersion) -> Facts:
    return Facts(
        stage=version.stage,
        unit_id=None,
        stage_label=version.get_stage_display(),
        guards={
            domain.CRITERIA_CONCURRED: concurred(version),
            domain.CRITERIA_SUCCESSOR: any(
                concurred(draft) for draft in CriteriaVersion.objects.filter(stage="draft", number__gt=version.number)
            ),
        },
    )


def concurred(version: CriteriaVersion) -> bool:
    """第二十九条: both the Finance bureau and the Audit bureau concurred with the version."""
    parties = set(version.concurrences.values_list("party", flat=True))
    return {Concurrence.Party.FINANCE, Concurrence.Party.AUDIT} <= parties


def evaluation_facts(evaluation: Evaluation) -> Facts:
    units, project_guards = project_facts(evaluation.project)
    indicators = {i.code for i in evaluation.criteria.criteria.for_kind(evaluation.kind)}
    scored = set(evaluation.scores.values_list("indicator", flat=True))
    return Facts(
        stage=evaluation.stage,
        unit_id=evaluation.unit_id,
        supervisor_id=evaluation.project.unit.parent_id,
        stage_label=evaluation.get_stage_display(),
        party_units={**units, "evaluator": frozenset({evaluation.evaluator_unit_id})},
        guards={
            **project_guards,
            **contributed_guard_values(evaluation.project),
            domain.ALL_SCORED: indicators <= scored,
        },
    )


def rectification_facts(rectification: EvaluationRectification) -> Facts:
    units, project_guards = project_facts(rectification.project)
    return Facts(
        stage=rectification.stage,
        unit_id=rectification.unit_id,
        supervisor_id=rectification.project.unit.parent_id,
        stage_label=rectification.get_stage_display(),
        party_units=units,
        guards={**project_guards, domain.RECTIFICATION_LAPSED: is_past(rectification.due, clock.today())},
    )
