"""Reads of 第六条: the declarations that touch the infrastructure systems, the Office's decision on each,
and its citywide coordinated plan. Every declaration is read through declarations_visible_to(user)."""

from __future__ import annotations

from django.db.models import Max, Prefetch, QuerySet
from django.urls import reverse

from egovpm.core import clock
from egovpm.intake.models import CoordinatedItem, Declaration, InfrastructureDecision, Procedure
from egovpm.intake.selectors import BEFORE_OFFICE, declarations_visible_to
from egovpm.intake.services.coordination import DECISION_STAGES, FOLD
from egovpm.lifecycle.agenda import NOTICE, TodoItem
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.policy.loader import get_policy
from egovpm.projects import engine

ARTICLE = "第六条"
FOLD_TARGET = DECLARATION.transition(FOLD).target  # "coordinated": the declaration left the unit's plan


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


# -- the cockpit (through egovpm.intake.todo) --------------------------------------------------------------


def todo_items_coordination(user) -> list:
    """第六条 in the cockpit. The Office: flagged declarations in submitted / in_initial_review without a
    decision, due with the initial review's service time. The applicant unit: a notice for each of its
    declarations folded into the coordinated plan (this and last plan year). Fixed number of queries."""
    if not user.is_authenticated:
        return []
    policy, today = get_policy(), clock.today()
    items = []
    if user.roles & OFFICE_ROLES:
        rows = (
            declarations_visible_to(user)
            .filter(procedure=Procedure.GENERAL, stage__in=DECISION_STAGES, infrastructure_decision__isnull=True)
            .exclude(infrastructure_areas=[])
            .select_related("project", "unit", "plan_year")
            .annotate(last_opinion=Max("invitations__submitted_at"))
            .order_by("stage_changed_at", "pk")
        )
        fold = DECLARATION.transition(FOLD)
        for d in rows:
            if d.stage == "submitted":
                due = policy.intake.service_due("initial_review_start", clock.local_date(d.stage_changed_at))
            else:
                due = policy.intake.service_due(
                    "initial_review_conclusion", clock.local_date(d.last_opinion or d.stage_changed_at)
                )
            items.append(
                TodoItem(
                    group="office",
                    title=d.project.name,
                    action=f"涉及基础性系统：{'、'.join(d.infrastructure_areas)}。决定{fold.label}或同意单独立项",
                    url=_section_url(d),
                    due=due,
                    overdue=due < today,
                    declaration=d,
                    note=f"{d.unit.short_name or d.unit.name} · {d.get_stage_display()}",
                    article=ARTICLE,
                )
            )
    if user.roles & APPLICANT_ROLES and user.unit_id:
        cycle = policy.intake.current_plan_year(today)
        folded = (
            declarations_visible_to(user)
            .filter(unit_id=user.unit_id, stage=FOLD_TARGET, plan_year__year__in=(cycle - 1, cycle))
            .select_related("project", "unit", "plan_year", "infrastructure_decision__coordinated_item")
            .order_by("-stage_changed_at", "pk")
        )
        for d in folded:
            decision = decision_of(d)
            note = ""
            if decision is not None:
                note = f"纳入统筹建设事项：{decision.coordinated_item.name}。统筹说明：{decision.reason}"
            items.append(
                TodoItem(
                    group="notice",
                    title=d.project.name,
                    action=DECLARATION.stage(FOLD_TARGET).applicant_label,
                    url=_section_url(d),
                    declaration=d,
                    note=note,
                    article=ARTICLE,
                    kind=NOTICE,
                )
            )
    return items


def _section_url(declaration: Declaration) -> str:
    return reverse("intake:declaration_detail", kwargs={"pk": declaration.pk}) + "#infrastructure"
