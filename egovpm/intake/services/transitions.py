"""The engine that takes a transition of the lifecycle table on a declaration (general or special
procedure) or a filing: each object names its workflow; the table decides who may do what."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.intake import domain
from egovpm.intake.models import Declaration, Filing, InfrastructureDecision, SpecialException
from egovpm.lifecycle.roles import Role
from egovpm.lifecycle.table import Transition
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
    if stage in ("in_initial_review", "in_joint_review"):
        pending = declaration.invitations.filter(submitted_at__isnull=True).count()
        guards["opinions_complete"] = pending == 0
        if pending:
            review = "初审" if stage == "in_initial_review" else "会审"
            messages["opinions_complete"] = f"尚有 {pending} 位受邀单位或专家未提交{review}意见。"
    if stage == "initially_passed":
        missing = domain.feasibility_material_problems(declaration.nature, materials(declaration), get_policy())
        guards["feasibility_complete"] = not missing
        if missing:
            messages["feasibility_complete"] = "可研材料不齐全：" + "".join(missing)
    # 第六条
    decision = (
        InfrastructureDecision.objects.filter(declaration=declaration).values_list("decision", flat=True).first()
        if declaration.infrastructure_flagged
        else None
    )
    guards["infrastructure_flagged"] = declaration.infrastructure_flagged and decision is None
    if decision is not None:
        messages["infrastructure_flagged"] = (
            f"办公室已对该项目作出决定：{InfrastructureDecision.Decision(decision).label}。"
        )
    guards["infrastructure_settled"] = not declaration.infrastructure_flagged or decision == "standalone"
    # 第八条(二), 第九条(二)
    if stage == "draft" and declaration.procedure == "special":
        guards["special_once_a_year"] = special_allowance(declaration) is not False
    if stage == "materials_requested":
        guards["special_materials_complete"] = declaration.documents.filter(kind=DocumentKind.SPECIAL_MATERIAL).exists()
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


def special_allowance(declaration: Declaration) -> SpecialException | None | bool:
    """第八条(二): a department starts the special procedure for one matter (project) at most
    `policy.special_procedure_per_year` times a plan year, unless the Office recorded an exception.
    Returns None when within the limit, the unused exception that allows one more, or False."""
    earlier = (
        Declaration.objects.filter(
            procedure="special",
            unit_id=declaration.unit_id,
            plan_year_id=declaration.plan_year_id,
            project_id=declaration.project_id,
        )
        .exclude(pk=declaration.pk)
        .exclude(stage="draft")
        .count()
    )
    if earlier < get_policy().special_procedure_per_year:
        return None
    exception = SpecialException.objects.filter(
        unit_id=declaration.unit_id,
        plan_year_id=declaration.plan_year_id,
        project_id=declaration.project_id,
        used_by__isnull=True,
    ).first()
    return exception or False


def filing_facts(filing: Filing) -> domain.DeclarationFacts:
    return domain.DeclarationFacts(stage=filing.stage, plan_year=0, unit_id=filing.unit_id, supervisor_id=None)


def facts_for(obj) -> domain.DeclarationFacts:
    return filing_facts(obj) if isinstance(obj, Filing) else declaration_facts(obj)


def check(user, obj, action: str, reason: str = "") -> tuple[bool, str]:
    return domain.check_transition(
        obj.workflow.transition(action),
        actor=actor_facts(user),
        decl=facts_for(obj),
        today=clock.today(),
        policy=get_policy(),
        reason=reason,
    )


# What the second of two people deciding at once is told.
STALE = "该项目的状态已被他人更新，请刷新页面后再操作。"
# Guards that decide whether a path applies at all: a transition whose such guard fails is not offered.
HIDDEN_UNLESS = frozenset({"has_supervisor", "no_supervisor", "infrastructure_flagged"})


@dataclass(frozen=True)
class Action:
    transition: Transition
    allowed: bool
    reason: str


def available_actions(*, user, declaration) -> list[Action]:
    """The transitions from the current stage (of a declaration or a filing) for which this user is the
    party, each with whether it may be taken now and, if not, why. The UI draws its buttons from this."""
    facts = facts_for(declaration)
    actor = actor_facts(user)
    actions = []
    for t in declaration.workflow.outgoing(declaration.stage):
        if not domain.is_party(t, actor, facts)[0]:
            continue
        if any(g in HIDDEN_UNLESS and not facts.guards.get(g) for g in t.guards):
            continue  # the path does not apply to this object (the other submit path, nothing to coordinate)
        allowed, why = domain.check_transition(
            t, actor=actor, decl=facts, today=clock.today(), policy=get_policy(), reason="-"
        )
        actions.append(Action(t, allowed, why))
    return actions


def take(
    *,
    actor,
    obj,
    action: str,
    reason: str = "",
    apply: Callable[[Declaration], dict] | None = None,
):
    """Take `action` on a declaration or filing: lock it, check the table, apply, save, audit —
    atomically. `apply` may change more fields and returns extra audit data."""
    t = obj.workflow.transition(action)
    if control_characters(reason):
        raise ValidationError({"reason": CONTROL_CHARACTERS})
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().select_related("unit", "project").get(pk=obj.pk)
        if locked.stage != obj.stage:
            raise Refused(STALE, code="stale")
        allowed, why = check(actor, locked, action, reason)
        if not allowed:
            raise Refused(why)
        before = {"stage": locked.stage}
        locked.stage = t.target
        locked.stage_changed_at = clock.now()
        extra = apply(locked) if apply else {}
        locked.full_clean(validate_unique=False)
        locked.save()
        audit_record(
            actor=actor,
            action=f"{locked.workflow.name}.{action}",
            obj=locked,
            before=before,
            after={"stage": locked.stage, **(extra or {})},
            reason=reason.strip(),
        )
    return locked


# Text a person typed never holds NUL or other control characters (PostgreSQL cannot even store NUL).
CONTROL_CHARACTERS = "内容含有空字符等不可见的控制字符，请删除后重新填写。"


def control_characters(text: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\n\r" or ord(ch) == 127 for ch in text or "")


def lock(model, pk):
    """Inside the caller's transaction, lock the row a decision is about and read it afresh: two people
    deciding at once are served one after the other, the second against what the first wrote."""
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def lock_sequence(name: str) -> None:
    """Inside the caller's transaction, serialise those who number things (project codes, written
    opinions) from the highest number so far. SQLite serialises writers by itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [0x45474F56, name])


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Refused(message, code="forbidden")


def is_applicant_of(user, declaration: Declaration) -> bool:
    return user.unit_id == declaration.unit_id and user.has_role(Role.UNIT_CLERK, Role.UNIT_LEADER)


def is_office(user) -> bool:
    return user.has_role(Role.OFFICE_REVIEWER, Role.OFFICE_HEAD)


def is_finance(user) -> bool:
    return user.has_role(Role.FINANCE_REVIEWER)
