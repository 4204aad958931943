"""Fill each catalog entry's project from the declaration it was declared with, and write each existing
entry's version 1. Entries of two declarations of one project that share a code keep both rows: the older
declaration's gets the suffix "-<declaration id>" (version 1 keeps the original code, version 2 the
suffixed one). Reversible: the
versions go, the entries stay."""

from django.db import migrations

FIELDS = (
    "name",
    "code",
    "provider",
    "category",
    "summary",
    "format",
    "items",
    "share_type",
    "share_condition",
    "open_attribute",
    "update_cycle",
)


def to_projects(apps, schema_editor):
    Entry = apps.get_model("catalog", "ResourceCatalogEntry")
    Version = apps.get_model("catalog", "CatalogEntryVersion")
    entries = list(
        Entry.objects.select_related("first_declaration", "first_declaration__project").order_by(
            "-first_declaration__plan_year__year", "-first_declaration_id", "id"
        )
    )

    def version(entry, number: int, change: str):
        decl = entry.first_declaration
        return Version(
            project_id=decl.project_id,
            entry_key=entry.pk,
            number=number,
            change=change,
            declaration_id=decl.pk,
            stage=decl.stage,
            changed_by_id=decl.project.created_by_id,
            changed_at=decl.feasibility_submitted_at or decl.created_at,
            **{f: getattr(entry, f) for f in FIELDS},
        )

    seen: set[tuple[int, str]] = set()
    versions = []
    for entry in entries:
        entry.project_id = entry.first_declaration.project_id
        versions.append(version(entry, 1, "added"))
        if (entry.project_id, entry.code) in seen:
            entry.code = f"{entry.code}-{entry.first_declaration_id}"[:60]
            entry.version = 2
            versions.append(version(entry, 2, "edited"))
        seen.add((entry.project_id, entry.code))
    Entry.objects.bulk_update(entries, ["project", "code", "version"], batch_size=500)
    Version.objects.bulk_create(versions, batch_size=500)


def to_declarations(apps, schema_editor):
    apps.get_model("catalog", "CatalogEntryVersion").objects.all()._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_catalog_of_the_project")]

    operations = [migrations.RunPython(to_projects, to_declarations)]
