"""Search of the lists (issue 15): on PostgreSQL, trigram GIN indexes (pg_trgm) on the expressions Django's
`icontains` compares — UPPER(column) LIKE UPPER('%…%') — so that a Chinese substring of a project's number,
name, unit or content is found without scanning every row. SQLite has no such index: a no-op there."""

from django.db import migrations

INDEXES = (
    ("projects_project", "code"),
    ("projects_project", "name"),
    ("orgs_unit", "name"),
    ("orgs_unit", "short_name"),
    ("intake_declaration", "purpose_and_content"),
)


def _name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0009_funding_checks_exact_on_every_database"),
        ("orgs", "0003_supervision_firm"),
        ("projects", "0006_deadline_extension_append_only"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
