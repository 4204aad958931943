"""Reads of the construction phase (第十一条 to 第十六条)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from egovpm.core import clock
from egovpm.core.money import ZERO
from egovpm.intake.selectors import visible_unit_ids
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.policy.loader import get_policy
from egovpm.projects.models import Participant

from . import domain
from .models import Construction, Estimate, EstimateItemKind, EstimateStatus, ProgressReport
from .workflow import APPROVER_ROLES


def approved_estimate(project) -> Estimate | None:
    """第十四条 the baseline: the latest approved version of the project's estimate, None before one is approved."""
    return (
        Estimate.objects.filter(project=project, status=EstimateStatus.APPROVED)
        .prefetch_related("items")
        .order_by("-version")
        .first()
    )


def approved_amounts(project) -> dict[str, Decimal]:
    """The baseline by item (EstimateItemKind value → 万元), every kind present (0.00 where the estimate has
    none; all 0.00 before an estimate is approved)."""
    amounts = dict.fromkeys(EstimateItemKind.values, ZERO)
    estimate = approved_estimate(project)
    if estimate is not None:
        amounts.update({item.kind: item.amount for item in estimate.items.all()})
    return amounts


def constructions_visible_to(user) -> QuerySet[Construction]:
    """The Office, Finance and Audit (第四条) see every project's construction; a unit its own and its
    subordinates'; a party the Office assigned to the project (项目审批部门, supervision firm) the projects
    it is assigned to, while assigned."""
    qs = Construction.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}):
        return qs
    if user.unit_id is None:
        return qs.none()
    cond = Q(project__participants__unit_id=user.unit_id, project__participants__ended_at__isnull=True)
    if user.roles & (APPLICANT_ROLES | {Role.SUPERVISOR_APPROVER}):
        cond |= Q(unit_id__in=visible_unit_ids(user))
    return qs.filter(cond).distinct()


def construction_get(user, pk: int) -> Construction | None:
    """The construction if this user may see it, else None (the view answers 404)."""
    return constructions_visible_to(user).select_related("project", "unit", "unit__parent").filter(pk=pk).first()


def catalog_entries_of(project):
    """The information resource catalog entries of the project (第十六条): the catalog is the project's."""
    return project.catalog_entries.order_by("code", "pk")


def post_hoc_changes(construction) -> list:
    """第十四条: the major design changes of the construction made without an approved adjustment."""
    return list(construction.design_changes.filter(post_hoc=True))


def with_latest_progress(qs: QuerySet[Construction]) -> QuerySet[Construction]:
    """Annotate each construction with its latest reported progress (`latest_percent`, None before the
    first report): no query of its own per row."""
    latest = ProgressReport.objects.filter(construction=OuterRef("pk")).order_by("-period_end", "-id")
    return qs.annotate(latest_percent=Subquery(latest.values("percent")[:1]))


def latest_percent(construction: Construction) -> int:
    if hasattr(construction, "latest_percent"):
        return construction.latest_percent or 0
    report = construction.progress_reports.order_by("-period_end", "-id").first()
    return report.percent if report else 0


def is_behind_plan(construction: Construction) -> bool:
    """第十五条 工程严重逾期: under construction, and the latest reported progress trails the linear plan
    from the start date to the planned end date by more than the policy's margin."""
    if construction.stage != "under_construction" or construction.started_on is None:
        return False
    return domain.behind_plan(
        started_on=construction.started_on,
        planned_end=construction.planned_end_date,
        today=clock.today(),
        reported_percent=latest_percent(construction),
        margin=get_policy().construction.behind_plan_margin,
    )


def expected_percent(construction: Construction) -> int | None:
    if construction.started_on is None:
        return None
    return domain.expected_percent(
        started_on=construction.started_on, planned_end=construction.planned_end_date, today=clock.today()
    )


def construction_list(user, *, stage: str = "", q: str = "", unit_id: int | None = None) -> QuerySet[Construction]:
    qs = with_latest_progress(constructions_visible_to(user).select_related("project", "unit"))
    if stage:
        qs = qs.filter(stage=stage)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if q:
        qs = qs.filter(Q(project__name__icontains=q) | Q(project__code__icontains=q))
    return qs.order_by("-opened_at", "-id")


def behind_plan_of(qs: QuerySet[Construction]) -> list[Construction]:
    """The constructions of `qs` flagged behind their plan (第十五条)."""
    return [c for c in with_latest_progress(qs.filter(stage="under_construction")) if is_behind_plan(c)]


def constructions_approved_by(user) -> QuerySet[Construction]:
    """The constructions whose 项目审批部门 (第十四条) the user decides for: the projects naming the user's
    unit as approving department, and for the Office those naming none."""
    if not user.is_authenticated or user.unit_id is None or not user.roles & APPROVER_ROLES:
        return Construction.objects.none()
    named = Participant.objects.filter(
        project=OuterRef("project"), role=Participant.Role.APPROVING_DEPARTMENT, ended_at__isnull=True
    )
    cond = Q(Exists(named.filter(unit_id=user.unit_id)))
    if user.roles & OFFICE_ROLES:
        cond |= ~Q(Exists(named))
    return Construction.objects.filter(cond)
