"""Supervision's part in the one engine: the facts of its records, and the guards it contributes to the
project (第十三条 the firm's qualification, 第十八条 no open rectification). Registered by
SupervisionConfig.ready()."""

from __future__ import annotations

from egovpm.core import clock
from egovpm.lifecycle.engine import Facts, register_guards, register_party
from egovpm.lifecycle.table import register_workflow
from egovpm.policy.domain import effective_due
from egovpm.projects.engine import contributed_guard_values, register_facts, register_guard_values
from egovpm.projects.models import Project
from egovpm.projects.selectors import extended_due, project_facts
from egovpm.projects.unit_records import register_unit_record_source

from . import domain, selectors
from .models import InformationRequest, Inspection, Rectification, Supervision
from .workflows import WORKFLOWS


def register() -> None:
    for workflow in WORKFLOWS:
        register_workflow(workflow)
    register_guards(*domain.GUARDS)
    register_party(domain.REQUESTER)
    register_facts(Supervision, supervision_facts)
    register_facts(InformationRequest, information_request_facts)
    register_facts(Inspection, inspection_facts)
    register_facts(Rectification, rectification_facts)
    register_guard_values(Project, selectors.project_guard_values)
    register_unit_record_source(selectors.criticism_records)


def _facts(record, *, party_units=None, guards=None, **kwargs) -> Facts:
    """The facts of a record that belongs to a project: its parties and restrictions, and what the other
    apps contribute to the project."""
    units, project_guards = project_facts(record.project)
    return Facts(
        stage=record.stage,
        unit_id=record.unit_id,
        supervisor_id=record.project.unit.parent_id,
        stage_label=record.get_stage_display(),
        party_units={**units, **(party_units or {})},
        guards={**project_guards, **contributed_guard_values(record.project), **(guards or {})},
        **kwargs,
    )


def supervision_facts(supervision: Supervision) -> Facts:
    return _facts(supervision)


def information_request_facts(request: InformationRequest) -> Facts:
    return _facts(
        request,
        party_units={"requester": frozenset({request.requester_unit_id})},
        set_due={selectors.INFORMATION_KEY: request.due},
        extended_due=extended_due(request),
    )


def inspection_facts(inspection: Inspection) -> Facts:
    stages = Rectification.objects.filter(finding__inspection=inspection).values_list("stage", flat=True)
    return _facts(inspection, guards={"inspection_settled": domain.no_open_rectification(stages)})


def rectification_facts(order: Rectification) -> Facts:
    extended = extended_due(order)
    due = effective_due(order.due, extended.get(selectors.RECTIFICATION_KEY))
    return _facts(
        order,
        set_due={selectors.RECTIFICATION_KEY: order.due},
        extended_due=extended,
        guards={"rectification_unmet": domain.rectification_unmet(order.stage, due, clock.today())},
    )
