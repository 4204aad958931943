"""Reads of 第六条: the declarations that touch the infrastructure systems, the Office's decision on each,
and its citywide coordinated plan. Every declaration is read through declarations_visible_to(user)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from egovpm.coordination.models import CoordinatedItem, InfrastructureDecision
from egovpm.coordination.services import DECISION_STAGES, FOLD
from egovpm.intake.models import Declaration, Procedure
from egovpm.intake.selectors import BEFORE_OFFICE, declarations_visible_to
from egovpm.lifecycle.roles import OFFICE_ROLES
from egovpm.policy.loader import get_policy
from egovpm.projects import engine

ARTICLE = "第六条"


def flagged_declarations(user, *, plan_year: int | None = None) -> QuerySet[Declaration]:
    """The general-procedure declarations that reached the Office and touch an infrastructure system,
    each with its decision (and coordinated item) joined: one query."""
    qs = (
        declarations_visible_to(user)
        .filter(procedure=Procedure.GENERAL)
        .exclude(infrastructure_areas=[])
        .exclude(stage__in=BEFORE_OFFICE)
        .select_related(
            "project",
            "unit",
            "plan_year",
            "infrastructure_decision",
            "infrastructure_decision__coordinated_item",
            "infrastructure_decision__decided_by",
        )
    )
    if plan_year:
        qs = qs.filter(plan_year__year=plan_year)
    return qs.order_by("-plan_year__year", "project__code")


def decision_of(declaration: Declaration) -> InfrastructureDecision | None:
    """The Office's 第六条 decision on the declaration, or None while undecided (uses the joined row)."""
    try:
        return declaration.infrastructure_decision
    except InfrastructureDecision.DoesNotExist:
        return None


def coordinated_plan(*, plan_year: int | None = None) -> list[dict]:
    """The Office's coordinated plan: its items grouped by infrastructure area in the policy's order, each
    item with the declarations folded into it (`item.decisions`). Two queries."""
    decisions = InfrastructureDecision.objects.select_related("declaration__project", "declaration__unit").order_by(
        "declaration__project__code"
    )
    items = CoordinatedItem.objects.select_related("plan_year").prefetch_related(
        Prefetch("declarations", queryset=decisions, to_attr="decisions")
    )
    if plan_year:
        items = items.filter(plan_year__year=plan_year)
    groups: dict[str, list] = {area: [] for area in get_policy().intake.infrastructure_categories}
    for item in items.order_by("-plan_year__year", "name"):
        groups.setdefault(item.area, []).append(item)
    return [{"area": area, "items": found} for area, found in groups.items() if found]


def coordination_overview(user, *, plan_year: int | None = None) -> dict:
    """The Office's 第六条 page: every flagged declaration with its decision, the counts, and the plan."""
    rows = []
    counts = {"total": 0, "coordinated": 0, "standalone": 0, "pending": 0}
    for decl in flagged_declarations(user, plan_year=plan_year):
        decision = decision_of(decl)
        key = decision.decision if decision else "pending"
        counts["total"] += 1
        counts[key] += 1
        rows.append({"declaration": decl, "decision": decision, "open": decision is None and _open_stage(decl)})
    return {"rows": rows, "counts": counts, "plan": coordinated_plan(plan_year=plan_year)}


def _open_stage(declaration: Declaration) -> bool:
    return declaration.procedure == Procedure.GENERAL and declaration.stage in DECISION_STAGES


def decision_open(user, declaration: Declaration) -> tuple[bool, str]:
    """(may the user decide now, why not): the Office decides once on a flagged declaration while it waits
    for or is in the initial review. Display only: the services enforce the same rules."""
    if not user.roles & OFFICE_ROLES:
        return False, "只有办公室可以作出统筹决定（第六条）。"
    decision = InfrastructureDecision.objects.filter(declaration=declaration).first()
    if decision is not None:
        return False, f"办公室已对该项目作出决定：{decision.get_decision_display()}。"
    if declaration.procedure != Procedure.GENERAL:
        return False, "特殊申报程序的项目不在年度计划的统筹决定范围内。"
    return engine.may(user, declaration, FOLD, reason="-")


def coordination_section(user, declaration: Declaration) -> dict:
    """What the declaration page's 第六条 section shows: the areas, the decision, and whether this user
    may decide now. No query for a declaration that touches no infrastructure system."""
    if not declaration.infrastructure_flagged:
        return {"flagged": False}
    decision = (
        InfrastructureDecision.objects.select_related("coordinated_item", "decided_by")
        .filter(declaration=declaration)
        .first()
    )
    can_decide = False
    if decision is None and user.roles & OFFICE_ROLES and _open_stage(declaration):
        can_decide = decision_open(user, declaration)[0]
    return {
        "flagged": True,
        "areas": declaration.infrastructure_areas,
        "decision": decision,
        "can_decide": can_decide,
        "pending": decision is None and _open_stage(declaration),
    }


def fold_items(declaration: Declaration) -> QuerySet[CoordinatedItem]:
    """The coordinated items a declaration may be folded into: those of its plan year."""
    return CoordinatedItem.objects.filter(plan_year_id=declaration.plan_year_id).order_by("area", "name")


def pending_year(user) -> int | None:
    """The plan year of the oldest flagged declaration still waiting for the Office's 第六条 decision (the
    year the coordination page opens on, so that the decision the to-do list points to is in sight)."""
    return (
        declarations_visible_to(user)
        .filter(procedure=Procedure.GENERAL, stage__in=DECISION_STAGES, infrastructure_decision__isnull=True)
        .exclude(infrastructure_areas=[])
        .order_by("plan_year__year")
        .values_list("plan_year__year", flat=True)
        .first()
    )
