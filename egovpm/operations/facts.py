"""Operations' part in the one engine: the facts of its records, the Audit bureau as a party, and what it
contributes to intake's declaration (第二十一条 市财政部门不予安排项目运行维护经费: the guard
`maintenance_funds_allowed` that the declaration's submit and funds steps name, and the field check of the
application form). Registered by OperationsConfig.ready()."""

from __future__ import annotations

from egovpm.intake.checks import register_application_check
from egovpm.intake.models import Declaration
from egovpm.lifecycle.engine import Facts, register_guards, register_party
from egovpm.lifecycle.table import register_workflow
from egovpm.projects.engine import GuardValues, contributed_guard_values, register_facts, register_guard_values
from egovpm.projects.selectors import project_facts

from . import domain, selectors
from .models import FinalAudit, Operation
from .workflow import WORKFLOWS


def register() -> None:
    for workflow in WORKFLOWS:
        register_workflow(workflow)
    register_guards(*domain.GUARDS)
    register_party(domain.AUDIT)
    register_facts(Operation, operation_facts)
    register_facts(FinalAudit, final_audit_facts)
    register_guard_values(Declaration, declaration_guard_values)
    register_application_check(application_problems)


def _facts(record, *, guards=None, messages=None) -> Facts:
    units, project_guards = project_facts(record.project)
    return Facts(
        stage=record.stage,
        unit_id=record.unit_id,
        supervisor_id=record.project.unit.parent_id,
        stage_label=record.get_stage_display(),
        party_units=units,
        guards={**project_guards, **contributed_guard_values(record.project), **(guards or {})},
        guard_messages=messages or {},
    )


def operation_facts(operation: Operation) -> Facts:
    missing = domain.preparation_problems(
        operating_body=operation.operating_body,
        cost_assurance=operation.cost_assurance,
        has_rules=operation.documents.filter(kind="management_rules").exists(),
    )
    messages = {}
    if missing:
        messages[domain.OPERATION_PREPARED] = "投入运行前还需：" + "".join(missing.values())
    return _facts(
        operation,
        guards={
            domain.ACCEPTED_FOR_OPERATION: selectors.is_accepted(operation.project),
            domain.OPERATION_PREPARED: not missing,
            domain.MODE_RECORDED: bool(operation.mode),
        },
        messages=messages,
    )


def final_audit_facts(audit: FinalAudit) -> Facts:
    return _facts(audit)


def declaration_guard_values(declaration: Declaration) -> GuardValues:
    """第二十一条, 第二十四条: an O&M declaration of a project built on the platform goes on (is submitted,
    gets its funds) only once the project passed completion acceptance and is in operation."""
    problem = selectors.maintenance_funds_problem(declaration.project, declaration.nature)
    messages = {domain.MAINTENANCE_FUNDS_ALLOWED: problem} if problem else {}
    return GuardValues({domain.MAINTENANCE_FUNDS_ALLOWED: not problem}, messages)


def application_problems(project, data: dict) -> dict[str, str]:
    """The same rule at the application form's field `nature` (intake.checks)."""
    if "nature" not in data:
        return {}
    problem = selectors.maintenance_funds_problem(project, data["nature"])
    return {"nature": problem} if problem else {}
