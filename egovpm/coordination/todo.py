"""What 第六条 leaves waiting for each party (egovpm.lifecycle.agenda; the cockpit asks this module). Every
declaration is read through intake.selectors.declarations_visible_to(user)."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from egovpm.coordination.selectors import ARTICLE, decision_of
from egovpm.coordination.services import DECISION_STAGES, FOLD
from egovpm.core import clock
from egovpm.intake.models import Declaration, Procedure
from egovpm.intake.selectors import declarations_visible_to
from egovpm.lifecycle.agenda import NOTICE, TodoItem
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.policy.loader import get_policy

FOLD_TARGET = DECLARATION.transition(FOLD).target  # "coordinated": the declaration left the unit's plan


def todo_items(user) -> list[TodoItem]:
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
