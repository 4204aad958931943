"""Reads of the initial review (第七条(二)): rounds, invitations, reviewers and the centralized procurement
plan, always through what the user may see (egovpm.intake.selectors)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from egovpm.intake.models import Declaration
from egovpm.intake.selectors import declarations_visible_to, invitations_for

PROCUREMENT_PLAN_EXCLUDED_STAGES = ("not_arranged", "returned")


def review_round_list() -> QuerySet:
    """Every initial-review round with its numbers: declarations, invitations and opinions submitted."""
    from egovpm.intake.models import ReviewRound

    submitted = Q(declarations__invitations__submitted_at__isnull=False)
    return (
        ReviewRound.objects.select_related("plan_year", "opened_by")
        .annotate(
            declaration_count=Count("declarations", distinct=True),
            invitation_count=Count("declarations__invitations", distinct=True),
            opinion_count=Count("declarations__invitations", filter=submitted, distinct=True),
        )
        .order_by("-plan_year__year", "-opened_at", "-id")
    )


def review_round_get(pk: int):
    """The round, or None."""
    from egovpm.intake.models import ReviewRound

    return ReviewRound.objects.select_related("plan_year", "opened_by").filter(pk=pk).first()


def review_rounds_of(plan_year) -> QuerySet:
    from egovpm.intake.models import ReviewRound

    return ReviewRound.objects.filter(plan_year=plan_year).order_by("-opened_at", "-id")


def round_declarations(user, review_round) -> QuerySet[Declaration]:
    """The declarations of a round the user may see, each with `invitation_count` and `opinion_count`."""
    return (
        declarations_visible_to(user)
        .filter(review_round=review_round)
        .select_related("project", "unit")
        .annotate(
            invitation_count=Count("invitations"),
            opinion_count=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
        )
        .order_by("project__code")
    )


def declarations_awaiting_initial_review(user, plan_year) -> QuerySet[Declaration]:
    """Submitted declarations of the plan year that are in no round yet."""
    return (
        declarations_visible_to(user)
        .filter(plan_year=plan_year, stage="submitted", review_round__isnull=True)
        .select_related("project", "unit")
        .order_by("submitted_at", "project__code")
    )


def reviewer_users() -> QuerySet:
    """Users who may be invited to an initial review: Finance, Audit and experts (第七条(二))."""
    from egovpm.intake.services.review import PARTY_OF_ROLE
    from egovpm.orgs.models import User

    return (
        User.objects.filter(is_active=True, role_grants__role__in=[str(r) for r in PARTY_OF_ROLE])
        .distinct()
        .order_by("username")
    )


def reviewer_candidates() -> list[dict]:
    """The invitable users grouped by party, in the regulation's order: 市财政局, 市审计局, 专家.
    Each group is {"party", "label", "users"}; one query."""
    from egovpm.intake.services.review import PARTY_OF_ROLE
    from egovpm.orgs.models import RoleGrant

    groups = {party: {"party": party.value, "label": party.label, "users": []} for party in PARTY_OF_ROLE.values()}
    grants = (
        RoleGrant.objects.filter(role__in=[str(r) for r in PARTY_OF_ROLE], user__is_active=True)
        .select_related("user", "user__unit")
        .order_by("user__username")
    )
    for grant in grants:
        groups[PARTY_OF_ROLE[grant.role]]["users"].append(grant.user)
    return list(groups.values())


def invitation_get(user, pk: int):
    """The user's own invitation, or None: only the invited reviewer opens it."""
    return invitations_for(user).filter(pk=pk).first()


def procurement_item_get(user, pk: int):
    """A centralized-procurement item of a declaration the user may see, or None."""
    from egovpm.intake.models import ProcurementItem

    return (
        ProcurementItem.objects.select_related("declaration")
        .filter(pk=pk, declaration__in=declarations_visible_to(user))
        .first()
    )


def central_procurement_plan(review_round) -> dict:
    """第七条(二): the common equipment and software of a round's projects, gathered by (category, name,
    specification), with the total quantity and estimated amount (万元) and the projects that need
    each; plus the grand total. One query."""
    from decimal import Decimal

    from egovpm.intake.models import ProcurementItem

    items = (
        ProcurementItem.objects.filter(declaration__review_round=review_round)
        .exclude(declaration__stage__in=PROCUREMENT_PLAN_EXCLUDED_STAGES)
        .select_related("declaration__project", "declaration__unit")
        .order_by("category", "name", "specification", "declaration__project__code", "id")
    )
    rows: dict[tuple[str, str, str], dict] = {}
    for item in items:
        key = (item.category, item.name.strip(), item.specification.strip())
        row = rows.setdefault(
            key,
            {
                "category": item.category,
                "category_label": item.get_category_display(),
                "name": key[1],
                "specification": key[2],
                "quantity": 0,
                "amount": Decimal("0.00"),
                "items": [],
            },
        )
        row["quantity"] += item.quantity
        row["amount"] += item.estimated_amount
        row["items"].append(item)
    plan_rows = list(rows.values())
    return {
        "rows": plan_rows,
        "quantity": sum(r["quantity"] for r in plan_rows),
        "amount": sum((r["amount"] for r in plan_rows), Decimal("0.00")),
    }
