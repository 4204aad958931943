"""The engine that takes a transition of the lifecycle table on a declaration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.intake import domain
from egovpm.intake.models import Declaration
from egovpm.lifecycle.table import DECLARATION, Transition
from egovpm.orgs.roles import Role
from egovpm.policy.loader import get_policy


def actor_facts(user) -> domain.ActorFacts:
    return domain.ActorFacts(roles=user.roles, unit_id=user.unit_id)


def materials(declaration: Declaration) -> domain.Materials:
    kinds = set(declaration.documents.values_list("kind", flat=True))
    return domain.Materials(
        has_proposal=DocumentKind.PROPOSAL in kinds or hasattr(declaration, "proposal"),
        has_status_statement=DocumentKind.STATUS_STATEMENT in kinds,
        has_budget_list=DocumentKind.BUDGET_LIST in kinds,
        has_feasibility_report=DocumentKind.FEASIBILITY_REPORT in kinds,
        has_expert_opinion=DocumentKind.EXPERT_OPINION in kinds,
        catalog_entries=declaration.catalog_entries.count(),
    )


def declaration_facts(declaration: Declaration) -> domain.DeclarationFacts:
    """Gather what the guards of the table need to know about a declaration."""
    guards: dict[str, bool] = {}
    messages: dict[str, str] = {}
    supervisor_id = declaration.unit.parent_id
    guards["has_supervisor"] = supervisor_id is not None
    guards["no_supervisor"] = supervisor_id is None
    stage = declaration.stage
    if stage == "in_initial_review":
        pending = declaration.invitations.filter(submitted_at__isnull=True).count()
        guards["opinions_complete"] = pending == 0
        if pending:
            messages["opinions_complete"] = f"尚有 {pending} 位受邀单位或专家未提交初审意见。"
    if stage == "initially_passed":
        missing = domain.feasibility_material_problems(declaration.nature, materials(declaration), get_policy())
        guards["feasibility_complete"] = not missing
        if missing:
            messages["feasibility_complete"] = "可研材料不齐全：" + "".join(missing)
    guards["plan_sent"] = declaration.sent_to_finance_at is not None
    return domain.DeclarationFacts(
        stage=stage,
        plan_year=declaration.plan_year.year,
        unit_id=declaration.unit_id,
        supervisor_id=supervisor_id,
        re_review_count=declaration.re_review_count,
        guards=guards,
        guard_messages=messages,
    )


def check(user, declaration: Declaration, action: str, reason: str = "") -> tuple[bool, str]:
    return domain.check_transition(
        DECLARATION.transition(action),
        actor=actor_facts(user),
        decl=declaration_facts(declaration),
        today=clock.today(),
        policy=get_policy(),
        reason=reason,
    )


@dataclass(frozen=True)
class Action:
    transition: Transition
    allowed: bool
    reason: str


def available_actions(*, user, declaration: Declaration) -> list[Action]:
    """The transitions from the current stage for which this user is the party, each with whether it
    may be taken now and, if not, why. The UI draws its buttons from this list."""
    facts = declaration_facts(declaration)
    actor = actor_facts(user)
    actions = []
    for t in DECLARATION.outgoing(declaration.stage):
        if not domain.is_party(t, actor, facts)[0]:
            continue
        if t.guard in ("has_supervisor", "no_supervisor") and not facts.guards[t.guard]:
            continue  # the other submit path applies
        allowed, why = domain.check_transition(
            t, actor=actor, decl=facts, today=clock.today(), policy=get_policy(), reason="-"
        )
        actions.append(Action(t, allowed, why))
    return actions


def take(
    *,
    actor,
    declaration: Declaration,
    action: str,
    reason: str = "",
    apply: Callable[[Declaration], dict] | None = None,
) -> Declaration:
    """Take `action` on the declaration: lock it, check the table, apply, save, audit — atomically.
    `apply` may change more fields and returns extra audit data."""
    t = DECLARATION.transition(action)
    with transaction.atomic():
        decl = (
            Declaration.objects.select_for_update()
            .select_related("unit", "plan_year", "project")
            .get(pk=declaration.pk)
        )
        if decl.stage != declaration.stage:
            raise Refused("该项目的状态已被他人更新，请刷新页面后再操作。", code="stale")
        allowed, why = check(actor, decl, action, reason)
        if not allowed:
            raise Refused(why)
        before = {"stage": decl.stage}
        decl.stage = t.target
        decl.stage_changed_at = clock.now()
        extra = apply(decl) if apply else {}
        decl.full_clean(validate_unique=False)
        decl.save()
        audit_record(
            actor=actor,
            action=f"declaration.{action}",
            obj=decl,
            before=before,
            after={"stage": decl.stage, **(extra or {})},
            reason=reason.strip(),
        )
    return decl


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Refused(message, code="forbidden")


def is_applicant_of(user, declaration: Declaration) -> bool:
    return user.unit_id == declaration.unit_id and user.has_role(Role.UNIT_CLERK, Role.UNIT_LEADER)


def is_office(user) -> bool:
    return user.has_role(Role.OFFICE_REVIEWER, Role.OFFICE_HEAD)


def is_finance(user) -> bool:
    return user.has_role(Role.FINANCE_REVIEWER)
