"""Reads of the construction phase (第十一条 to 第十六条)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet

from egovpm.core.money import ZERO
from egovpm.intake.selectors import visible_unit_ids
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role

from .models import Construction, Estimate, EstimateItemKind, EstimateStatus


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
    """The information resource catalog entries of the project (第十六条), through its declarations. One
    place to change when the entries move from the declaration to the project."""
    from egovpm.catalog.models import ResourceCatalogEntry

    return ResourceCatalogEntry.objects.filter(declaration__project=project).order_by("code", "pk")
