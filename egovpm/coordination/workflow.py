"""第六条's part in the one engine: the guards of a declaration that touch the Office's decision
(egovpm.coordination.domain.GUARDS), added to the declaration's facts. Registered by
CoordinationConfig.ready()."""

from __future__ import annotations

from egovpm.coordination import domain
from egovpm.coordination.models import InfrastructureDecision
from egovpm.intake.models import Declaration
from egovpm.lifecycle.engine import register_guards
from egovpm.projects.engine import GuardValues, register_guard_values


def register() -> None:
    register_guards(*domain.GUARDS)
    register_guard_values(Declaration, declaration_guard_values)


def declaration_guard_values(declaration: Declaration) -> GuardValues:
    """A flagged declaration waits for the Office's decision (fold or standalone) before it passes the
    initial review; the Office decides once."""
    decision = (
        InfrastructureDecision.objects.filter(declaration=declaration).values_list("decision", flat=True).first()
        if declaration.infrastructure_flagged
        else None
    )
    messages = {}
    if decision is not None:
        messages["infrastructure_flagged"] = (
            f"办公室已对该项目作出决定：{InfrastructureDecision.Decision(decision).label}。"
        )
    return GuardValues(
        {
            "infrastructure_flagged": declaration.infrastructure_flagged and decision is None,
            "infrastructure_settled": not declaration.infrastructure_flagged or decision == "standalone",
        },
        messages,
    )
