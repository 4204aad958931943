"""Reads of acceptance, always through what the user may see: whoever sees the project's construction
(the Office, Finance and Audit every project; a unit its own and its subordinates'; a party assigned to
the project) and the members of its completion acceptance group (an expert sees the projects whose group
they sit in, 附件4 七(一))."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from egovpm.catalog.selectors import catalog_entries_of
from egovpm.construction.selectors import approved_estimate, constructions_visible_to
from egovpm.core import clock
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.orgs.models import Unit, UnitKind, User
from egovpm.policy import domain as policy_domain
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import available_actions, may
from egovpm.projects.models import Project
from egovpm.projects.project_pages import project_pages
from egovpm.projects.selectors import extended_due, extended_due_subquery

from . import domain
from .models import Acceptance, AcceptanceDocument, AcceptanceExtension, CompletionRound, GroupMember
from .workflow import DEADLINE

VIEWER_ROLES = (
    OFFICE_ROLES | APPLICANT_ROLES | {Role.SUPERVISOR_APPROVER, Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER, Role.EXPERT}
)


def acceptances_visible_to(user) -> QuerySet[Acceptance]:
    qs = Acceptance.objects.all()
    if not user.is_authenticated:
        return qs.none()
    cond = Q(project_id__in=constructions_visible_to(user).values("project_id"))
    cond |= Q(pk__in=GroupMember.objects.filter(user_id=user.pk).values("round__acceptance_id"))
    return qs.filter(cond)


def acceptance_get(user, pk: int) -> Acceptance | None:
    """The acceptance if this user may see it, else None (the view answers 404)."""
    return acceptances_visible_to(user).select_related("project", "unit", "unit__parent").filter(pk=pk).first()


def acceptance_of_project(project_id: int) -> Acceptance | None:
    """The project's acceptance record (None before its construction completed). Not narrowed to a user:
    for the apps above (operations) that judge the project, not a page."""
    return Acceptance.objects.select_related("project", "unit").filter(project_id=project_id).first()


def extension_get(user, pk: int) -> AcceptanceExtension | None:
    found = AcceptanceExtension.objects.select_related("acceptance", "project").filter(pk=pk).first()
    return found if found and acceptance_get(user, found.acceptance_id) else None


def document_get(user, pk: int) -> AcceptanceDocument | None:
    found = AcceptanceDocument.objects.filter(pk=pk).first()
    return found if found and acceptance_get(user, found.acceptance_id) else None


def member_candidates(acceptance: Acceptance) -> QuerySet[User]:
    """附件4 七(一): the Office's staff and the platform's experts, none of the project's own unit."""
    roles = [Role.EXPERT.value, *(r.value for r in OFFICE_ROLES)]
    return (
        User.objects.filter(is_active=True, role_grants__role__in=roles)
        .exclude(unit_id=acceptance.unit_id)
        .distinct()
        .order_by("username")
    )


def department_candidates(acceptance: Acceptance) -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True, kind=UnitKind.DEPARTMENT).exclude(pk=acceptance.unit_id).order_by("code")


def project_guard_values(project: Project) -> dict[str, bool]:
    """What acceptance contributes to the project (projects.engine.register_guard_values): accepted once
    the completion acceptance concluded 验收通过 (by the Office's group or the unit under delegation), and
    the resource catalog closed from then on (第十六条, 第二十条)."""
    stage = Acceptance.objects.filter(project=project).values_list("stage", flat=True).first()
    accepted = domain.completion_accepted(stage)
    return {"completion_accepted": accepted, "catalog_open": not accepted}


def current_round(acceptance: Acceptance) -> CompletionRound | None:
    """The round of the latest application (None before the first)."""
    return acceptance.rounds.order_by("-number").first()


def present_kinds(acceptance: Acceptance) -> set[str]:
    """The kinds of the application's documents at hand, and domain.CATALOG when the project has a current
    resource catalog (第二十条: the catalog is the project's, catalog app)."""
    kinds = set(acceptance.records.order_by().values_list("kind", flat=True).distinct())
    if catalog_entries_of(acceptance.project).exists():
        kinds.add(domain.CATALOG)
    return kinds


def involves_secrets(project) -> bool:
    construction = getattr(project, "construction", None)
    return bool(construction and construction.involves_secrets)


def estimate_total(project):
    """The approved estimate's total (万元) that delegation is judged by (第十九条 建设规模较小), None before one."""
    estimate = approved_estimate(project)
    return estimate.total if estimate is not None else None


# The clock (第二十条) -------------------------------------------------------------------------------------


def base_due(acceptance: Acceptance) -> dt.date:
    return get_policy().deadline(DEADLINE).due_after(acceptance.construction_completed_on)


def due_in_force(acceptance: Acceptance) -> dt.date:
    """Six calendar months after 建设完成, or the date the 项目审批部门 extended it to."""
    if hasattr(acceptance, "extended_due"):  # annotated by with_due: no query of its own
        extended = acceptance.extended_due
    else:
        extended = extended_due(acceptance).get(DEADLINE)
    return policy_domain.effective_due(base_due(acceptance), extended)


def with_due(qs: QuerySet[Acceptance]) -> QuerySet[Acceptance]:
    return qs.annotate(extended_due=extended_due_subquery(Acceptance, DEADLINE))


def clock_of(acceptance: Acceptance, today: dt.date | None = None) -> dict:
    """{due, days_left, state} of the six-month clock: state is overdue, due_soon, running or stopped."""
    today = today or clock.today()
    due = due_in_force(acceptance)
    state = domain.clock_state(
        stage=acceptance.stage, due=due, today=today, remind_days=get_policy().acceptance.remind_days_before
    )
    left = domain.days_left(due, today)
    return {"due": due, "days_left": left, "overdue_days": max(0, -left), "state": state}


def acceptance_list(user, *, q: str = "", state: str = "", stage: str = "") -> list[Acceptance]:
    """The acceptances this user sees with their clock, in a fixed number of queries; `state` narrows to
    overdue / due_soon / running / stopped."""
    qs = (
        with_due(acceptances_visible_to(user))
        .select_related("project", "unit")
        .annotate(round_count=Count("rounds", distinct=True))
        .order_by("construction_completed_on", "id")
    )
    if q:
        qs = qs.filter(Q(project__name__icontains=q) | Q(project__code__icontains=q))
    if stage:
        qs = qs.filter(stage=stage)
    today = clock.today()
    rows = []
    for a in qs:
        a.clock = clock_of(a, today)
        if not state or a.clock["state"] == state:
            rows.append(a)
    return rows


# The page of one acceptance -------------------------------------------------------------------------------


def slots_of(acceptance: Acceptance) -> list[dict]:
    """Each typed document with what was recorded for it (newest first)."""
    records = list(acceptance.records.select_related("recorded_by").prefetch_related("documents"))
    slots = []
    for slot in domain.SLOTS:
        of_kind = [r for r in records if r.kind == slot.kind]
        slots.append({"slot": slot, "records": of_kind if slot.many else of_kind[:1], "earlier": len(of_kind) - 1})
    return slots


def _mark(user, records) -> list:
    for record in records:
        record.actions = available_actions(user=user, obj=record)
    return records


def rounds_of(acceptance: Acceptance) -> list[CompletionRound]:
    rounds = list(
        acceptance.rounds.select_related("applied_by", "concluded_by", "filed_by").prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.select_related("user", "unit")),
            "checks",
        )
    )
    for r in rounds:
        checks = {c.code: c for c in r.checks.all()}
        r.checklist = [{"item": item, "result": checks.get(item.code)} for item in domain.CHECKLIST]
        areas, bases = set(r.review_areas), set(r.review_bases)
        r.areas = [{"code": c, "label": label, "checked": c in areas} for c, label in domain.REVIEW_AREAS]
        r.bases = [{"code": c, "label": label, "checked": c in bases} for c, label in domain.BASES]
    return rounds


def page_context(user, acceptance: Acceptance) -> dict:
    """Everything acceptance holds on one project, with the engine's actions for this user."""
    project = acceptance.project
    rounds = rounds_of(acceptance)
    extensions = list(acceptance.extensions.select_related("requested_by", "grant"))
    missing = domain.application_missing(present_kinds(acceptance))
    return {
        "acceptance": acceptance,
        "project": project,
        "project_pages": project_pages(user, project, current="acceptance"),
        "clock": clock_of(acceptance),
        "base_due": base_due(acceptance),
        "slots": slots_of(acceptance),
        "missing": missing,
        "has_catalog": domain.CATALOG_LABEL not in missing,
        "rounds": rounds,
        "current": rounds[-1] if rounds else None,
        "extensions": _mark(user, extensions),
        "actions": available_actions(user=user, obj=acceptance),
        "can": {
            name: may(user, acceptance, name)[0]
            for name in (
                "record_document",
                "request_extension",
                "delegate",
                "add_member",
                "record_check",
                "record_review",
            )
        },
        "estimate_total": estimate_total(project),
        "threshold": get_policy().acceptance.delegation_threshold_wan,
    }


def report_round(acceptance: Acceptance) -> CompletionRound | None:
    """The round whose 竣工验收报告 is issued: the accepted one (or the latest concluded)."""
    return acceptance.rounds.exclude(outcome="").order_by("-number").first()


def overview() -> dict:
    """The Office's counts in the cockpit (第十九条–第二十一条), each linked to the acceptance list."""
    today = clock.today()
    remind = get_policy().acceptance.remind_days_before
    counts = dict.fromkeys(("overdue", "due_soon", "applied", "in_acceptance", "failed", "accepted"), 0)
    for a in with_due(Acceptance.objects.all()):
        state = domain.clock_state(stage=a.stage, due=due_in_force(a), today=today, remind_days=remind)
        if state in ("overdue", "due_soon"):
            counts[state] += 1
        key = {
            "completion_applied": "applied",
            "in_completion_acceptance": "in_acceptance",
            "acceptance_failed": "failed",
            "accepted": "accepted",
            "filed": "accepted",
        }.get(a.stage)
        if key:
            counts[key] += 1
    counts["pending_extensions"] = AcceptanceExtension.objects.filter(stage="requested").count()
    return counts
