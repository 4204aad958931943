"""Reads of the information resource catalog (第七条(三), 第十六条): always through a project the user may
see (a project is visible exactly when one of its declarations is, intake.selectors)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from egovpm.intake.selectors import declarations_visible_to
from egovpm.projects.engine import may
from egovpm.projects.models import Project

from . import domain
from .models import CatalogEntryVersion, ResourceCatalogEntry


def catalog_project_get(user, pk: int) -> Project | None:
    """The project if the user may see one of its declarations, else None (the view answers 404)."""
    visible = declarations_visible_to(user).values("project_id")
    return Project.objects.select_related("unit").filter(pk=pk, pk__in=visible).first()


def _entries() -> QuerySet[ResourceCatalogEntry]:
    return ResourceCatalogEntry.objects.select_related(
        "project", "project__unit", "first_declaration", "first_declaration__plan_year"
    )


def catalog_entries_of(project) -> QuerySet[ResourceCatalogEntry]:
    """The project's catalog as it stands now."""
    return _entries().filter(project=project).order_by("code", "id")


def catalog_entry_get(user, pk: int) -> ResourceCatalogEntry | None:
    """The entry if its project is visible to this user, else None (the view answers 404)."""
    return _entries().filter(pk=pk, project__in=declarations_visible_to(user).values("project_id")).first()


def catalog_entries_visible_to(user, *, plan_year: int | None = None) -> QuerySet[ResourceCatalogEntry]:
    """Every entry of the projects the user may see (for the sharing platform); with `plan_year`, of the
    projects declared that year."""
    declarations = declarations_visible_to(user)
    if plan_year:
        declarations = declarations.filter(plan_year__year=plan_year)
    return _entries().filter(project__in=declarations.values("project_id")).order_by("project__code", "code", "id")


def catalog_declaration(project):
    """The declaration under which the project's catalog is edited now: the newest whose stage has the
    table's activity edit_catalog, else the newest (whose refusal the user then reads), None if none."""
    declarations = list(project.declarations.select_related("unit", "plan_year").order_by("-plan_year__year", "-pk"))
    for declaration in declarations:
        if declaration.workflow.activity("edit_catalog", declaration.stage) is not None:
            return declaration
    return declarations[0] if declarations else None


def catalog_editable(user, project) -> tuple[bool, str]:
    """(whether to offer the forms, why not): the table's activity edit_catalog for the project's unit,
    from the initial review passed until the project is accepted."""
    declaration = catalog_declaration(project)
    if declaration is None:
        return False, ""
    return may(user, declaration, "edit_catalog")


@dataclass(frozen=True)
class VersionRow:
    version: CatalogEntryVersion
    changed: list[str]  # the labels of the fields this version changed (an edit)


def catalog_history(project) -> list[VersionRow]:
    """Every version of every entry of the project's catalog, the newest first, each edit with the fields
    it changed against the entry's version before. One query."""
    versions = list(
        CatalogEntryVersion.objects.filter(project=project)
        .select_related("changed_by", "declaration", "declaration__plan_year")
        .order_by("entry_key", "number")
    )
    labels = {f: CatalogEntryVersion._meta.get_field(f).verbose_name for f in domain.FIELDS}
    rows, previous = [], {}
    for v in versions:
        now = {f: getattr(v, f) for f in domain.FIELDS}
        before = previous.get(v.entry_key)
        changed = [labels[f] for f in domain.changed_fields(before, now)] if before and v.change == "edited" else []
        rows.append(VersionRow(v, changed))
        previous[v.entry_key] = now
    rows.sort(key=lambda r: (r.version.changed_at, r.version.pk), reverse=True)
    return rows
