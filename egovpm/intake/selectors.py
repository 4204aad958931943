"""Reads of intake, always through what the user may see (第四条: a unit sees its own and its
subordinates' projects; the Office, Finance and Audit see what reached the Office; an expert sees
only what is assigned)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q, QuerySet

from egovpm.intake.models import Declaration, ReviewInvitation
from egovpm.orgs.models import Unit
from egovpm.orgs.roles import APPLICANT_ROLES, OFFICE_ROLES, Role

# Stages the Office and the bureaus see: everything that has reached the Office.
BEFORE_OFFICE = ("draft", "awaiting_consent")


def visible_unit_ids(user) -> set[int]:
    if user.unit_id is None:
        return set()
    cache = getattr(user, "_visible_units", None)
    if cache is None:
        cache = user._visible_units = user.unit.descendant_ids()
    return cache


def declarations_visible_to(user) -> QuerySet[Declaration]:
    qs = Declaration.objects.all()
    if not user.is_authenticated:
        return qs.none()
    cond = Q(pk__in=[])
    if user.roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}):
        cond |= ~Q(stage__in=BEFORE_OFFICE)
    if user.roles & APPLICANT_ROLES and user.unit_id:
        cond |= Q(unit_id__in=visible_unit_ids(user))
    if user.has_role(Role.SUPERVISOR_APPROVER) and user.unit_id:
        # a supervising department sees its subordinates' declarations once sent to it
        cond |= Q(unit_id__in=visible_unit_ids(user) - {user.unit_id}) & ~Q(stage="draft")
        cond |= Q(unit_id=user.unit_id) & ~Q(stage="draft")
    if user.roles & {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER, Role.EXPERT}:
        cond |= Q(pk__in=ReviewInvitation.objects.filter(reviewer=user).values("declaration_id"))
    return qs.filter(cond)


def declaration_list(
    user, *, plan_year: int | None = None, stage: str = "", unit_id: int | None = None, nature: str = "", q: str = ""
) -> QuerySet[Declaration]:
    qs = declarations_visible_to(user).select_related("project", "unit", "plan_year")
    if plan_year:
        qs = qs.filter(plan_year__year=plan_year)
    if stage:
        qs = qs.filter(stage=stage)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if nature:
        qs = qs.filter(nature=nature)
    if q:
        qs = qs.filter(Q(project__name__icontains=q) | Q(project__code__icontains=q))
    return qs.order_by("-plan_year__year", "project__code")


def declaration_get(user, pk: int) -> Declaration | None:
    """The declaration if this user may see it, else None (the view answers 404)."""
    return (
        declarations_visible_to(user)
        .select_related("project", "unit", "unit__parent", "plan_year", "review_round")
        .filter(pk=pk)
        .first()
    )


def invitations_for(user) -> QuerySet[ReviewInvitation]:
    return ReviewInvitation.objects.filter(reviewer=user).select_related(
        "declaration", "declaration__project", "declaration__unit", "declaration__plan_year"
    )


def stage_counts(user, plan_year: int | None = None) -> dict[str, int]:
    qs = declarations_visible_to(user)
    if plan_year:
        qs = qs.filter(plan_year__year=plan_year)
    return dict(qs.order_by().values_list("stage").annotate(n=Count("id")))


def units_visible_to(user) -> QuerySet[Unit]:
    if user.roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}):
        return Unit.objects.filter(kind="department")
    return Unit.objects.filter(pk__in=visible_unit_ids(user))


def can_see_review_opinions(user, declaration: Declaration) -> bool:
    """Individual opinions of Finance, Audit and experts are for the Office and the reviewers;
    the unit receives the Office's conclusion (第七条(二))."""
    return bool(user.roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER, Role.EXPERT}))


def declaration_page_context(user, declaration: Declaration) -> dict:
    """Everything the sections of the declaration page show, in a fixed number of queries."""
    from egovpm.documents.models import Document

    documents = list(
        Document.objects.filter(declaration=declaration).select_related("uploaded_by").order_by("kind", "-version")
    )
    current_documents = {}
    for doc in documents:
        current_documents.setdefault(doc.kind, doc)
    invitations = list(declaration.invitations.select_related("reviewer", "reviewer__unit"))
    return {
        "documents": documents,
        "current_documents": current_documents,
        "proposal": _one(declaration, "proposal"),
        "invitations": invitations if can_see_review_opinions(user, declaration) else [],
        "my_invitation": next((i for i in invitations if i.reviewer_id == user.pk), None),
        "procurement_items": list(declaration.procurement_items.all()),
        "catalog_entries": list(declaration.catalog_entries.all()),
        "approval_opinion": _one(declaration, "approval_opinion"),
        "budget_entry": _one(declaration, "budget_entry"),
    }


def _one(obj, relation: str):
    """The object at the end of a one-to-one relation, or None."""
    try:
        return getattr(obj, relation)
    except ObjectDoesNotExist:
        return None
