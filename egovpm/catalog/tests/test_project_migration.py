"""Migrations 0003-0005 move each catalog entry from its declaration to its project: run backwards to 0002
(entries on declarations, no history), with rows as the old pages wrote them, then forwards again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from egovpm.catalog.models import CatalogEntryVersion, ResourceCatalogEntry
from egovpm.conftest import application_data, declaration_at
from egovpm.intake import services

BEFORE = [("catalog", "0002_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.supports("第十六条")
def test_each_entry_moves_to_its_project_with_its_first_version_and_nothing_is_lost(
    transactional_db, city, frozen_clock
):
    """Migrating changes the schema, which SQLite does only outside a transaction: hence transactional_db."""
    decl = declaration_at(city, "feasibility_submitted")
    project = decl.project
    # The same project declared again the next year, with its own catalog as the old pages allowed:
    # one entry repeats a code of the first year's.
    year = services.plan_year_open(actor=city.users["office_reviewer"], year=2028)
    again = services.declaration_create(
        actor=city.users["clerk"],
        plan_year=year,
        name=project.name,
        data=application_data(nature="continuing"),
        project=project,
    )
    first_code = project.catalog_entries.get().code
    try:
        old = migrate(BEFORE)
        Legacy = old.get_model("catalog", "ResourceCatalogEntry")
        template = Legacy.objects.get()
        fields = {f.attname: getattr(template, f.attname) for f in Legacy._meta.concrete_fields if not f.primary_key}
        repeated = Legacy.objects.create(**{**fields, "declaration_id": again.pk, "name": "次年目录"}).pk
        other = Legacy.objects.create(**{**fields, "declaration_id": again.pk, "code": "QD-NEW-1"}).pk
    finally:
        migrate(leaves())

    entries = {
        e.pk: (e.project_id, e.first_declaration_id, e.code, e.version) for e in ResourceCatalogEntry.objects.all()
    }
    assert entries == {
        template.pk: (project.pk, decl.pk, f"{first_code}-{decl.pk}", 2),  # the older declaration's yields
        repeated: (project.pk, again.pk, first_code, 1),
        other: (project.pk, again.pk, "QD-NEW-1", 1),
    }
    history = [
        (v.entry_key, v.number, v.change, v.code) for v in CatalogEntryVersion.objects.order_by("entry_key", "number")
    ]
    assert history == [
        (template.pk, 1, "added", first_code),
        (template.pk, 2, "edited", f"{first_code}-{decl.pk}"),
        (repeated, 1, "added", first_code),
        (other, 1, "added", "QD-NEW-1"),
    ]
    assert ResourceCatalogEntry.objects.get(pk=repeated).name == "次年目录"
