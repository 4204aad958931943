"""Acceptance's part in the one engine: the facts of its records, the party that organises completion
acceptance (the Office, or the unit under delegation, 第十九条), and what it contributes to the project:
`completion_accepted` (read by operations, audit and O&M funds, 第二十一条) and `catalog_open=False` once
accepted (第十六条, 第二十条: the catalog is kept until acceptance). Registered by AcceptanceConfig.ready()."""

from __future__ import annotations

from egovpm.lifecycle.engine import Facts, register_guards, register_party
from egovpm.lifecycle.table import register_workflow
from egovpm.projects.engine import contributed_guard_values, register_facts, register_guard_values
from egovpm.projects.hooks import CONSTRUCTION_COMPLETED, register_hook
from egovpm.projects.models import Participant, Project
from egovpm.projects.selectors import extended_due, project_facts

from . import domain, selectors
from .models import Acceptance, AcceptanceExtension
from .workflow import WORKFLOWS


def register() -> None:
    from . import services

    for workflow in WORKFLOWS:
        register_workflow(workflow)
    register_guards(*domain.GUARDS)
    register_party(domain.ORGANIZER)
    register_facts(Acceptance, acceptance_facts)
    register_facts(AcceptanceExtension, extension_facts)
    register_guard_values(Project, selectors.project_guard_values)
    register_hook(CONSTRUCTION_COMPLETED, services.acceptance_open)


def acceptance_facts(acceptance: Acceptance) -> Facts:
    """The project's parties and restrictions, who organises the completion acceptance, what the
    application still lacks (each missing document named, 第二十条), the current round's group, checklist
    and review (附件4 七), and the six months counted from 建设完成 (with the extension granted)."""
    project = acceptance.project
    units, guards = project_facts(project)
    organizer = (
        frozenset({acceptance.unit_id})
        if acceptance.delegated
        else units.get(Participant.Role.APPROVING_DEPARTMENT, frozenset())
    )
    missing = domain.application_missing(selectors.present_kinds(acceptance))
    current = selectors.current_round(acceptance)
    results = dict(current.checks.values_list("code", "passed")) if current else {}
    member_kinds = set(current.members.values_list("kind", flat=True)) if current else set()
    guards.update(
        {
            domain.APPLICATION_COMPLETE: not missing,
            "group_formed": acceptance.delegated or domain.group_formed(member_kinds),
            "checklist_complete": not domain.checklist_missing(results),
            "checklist_passed": not domain.checklist_failed(results),
            "review_recorded": bool(current and current.review_areas and current.review_findings),
            "not_delegated": not acceptance.delegated,
            # 第三十一条: a classified project's acceptance keeps its records but stores no content
            "no_classified_content": not selectors.involves_secrets(project),
            "no_extension_pending": not acceptance.extensions.filter(stage="requested").exists(),
        }
    )
    guards.update(contributed_guard_values(project))
    messages = {domain.APPLICATION_COMPLETE: domain.application_refusal(missing)} if missing else {}
    failed = domain.checklist_failed(results)
    if failed:
        messages["checklist_passed"] = (
            "以下验收任务或条件未满足，不能作出验收通过的结论（附件4 二、四）：" + "；".join(failed) + "。"
        )
    return Facts(
        stage=acceptance.stage,
        unit_id=acceptance.unit_id,
        supervisor_id=project.unit.parent_id,
        stage_label=acceptance.get_stage_display(),
        party_units={**units, domain.ORGANIZER.name: organizer},
        event_dates={"construction_completed": acceptance.construction_completed_on},
        extended_due=extended_due(acceptance),
        guards=guards,
        guard_messages=messages,
    )


def extension_facts(extension: AcceptanceExtension) -> Facts:
    units, guards = project_facts(extension.project)
    return Facts(
        stage=extension.stage,
        unit_id=extension.unit_id,
        supervisor_id=extension.project.unit.parent_id,
        stage_label=extension.get_stage_display(),
        party_units=units,
        guards={**guards, **contributed_guard_values(extension.project)},
    )
