"""Accountability's part in the one engine: the facts of a violation. Registered by
AccountabilityConfig.ready()."""

from __future__ import annotations

from egovpm.lifecycle.engine import Facts
from egovpm.lifecycle.table import register_workflow
from egovpm.projects.engine import contributed_guard_values, register_facts
from egovpm.projects.selectors import project_facts
from egovpm.projects.unit_records import register_unit_record_source

from . import selectors
from .models import Violation
from .workflow import WORKFLOWS


def register() -> None:
    for workflow in WORKFLOWS:
        register_workflow(workflow)
    register_facts(Violation, violation_facts)
    register_unit_record_source(selectors.violation_records)


def violation_facts(violation: Violation) -> Facts:
    units, project_guards = project_facts(violation.project)
    return Facts(
        stage=violation.stage,
        unit_id=violation.unit_id,
        supervisor_id=violation.project.unit.parent_id,
        stage_label=violation.get_stage_display(),
        party_units=units,
        guards={**project_guards, **contributed_guard_values(violation.project)},
    )
