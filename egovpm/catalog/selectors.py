"""Reads of the information resource catalog (第七条(三), 第十六条), always through the declaration the
user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from egovpm.intake.selectors import declarations_visible_to
from egovpm.projects.engine import may

from .models import ResourceCatalogEntry


def catalog_entries_of(declaration) -> QuerySet[ResourceCatalogEntry]:
    return ResourceCatalogEntry.objects.filter(declaration=declaration).order_by("code", "id")


def catalog_entry_get(user, pk: int) -> ResourceCatalogEntry | None:
    """The entry if its declaration is visible to this user, else None (the view answers 404)."""
    return (
        ResourceCatalogEntry.objects.select_related(
            "declaration", "declaration__project", "declaration__unit", "declaration__plan_year"
        )
        .filter(pk=pk, declaration__in=declarations_visible_to(user))
        .first()
    )


def catalog_editable(user, declaration) -> bool:
    """Whether to offer the forms: the table's activity edit_catalog (the applicant unit, before the
    feasibility materials are sent)."""
    return may(user, declaration, "edit_catalog")[0]
