"""The database itself refuses to update or delete a deadline extension (SQLite and PostgreSQL): a later
extension supersedes an earlier one, none is changed or removed."""

from django.db import migrations

TABLE = "projects_deadlineextension"
MESSAGE = "deadline extensions are append-only"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER deadlineextension_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER deadlineextension_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS deadlineextension_no_update;",
    "DROP TRIGGER IF EXISTS deadlineextension_no_delete;",
]

PG_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION deadlineextension_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER deadlineextension_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION deadlineextension_append_only();""",
]
PG_BACKWARD = [
    f"DROP TRIGGER IF EXISTS deadlineextension_no_change ON {TABLE};",
    "DROP FUNCTION IF EXISTS deadlineextension_append_only();",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_deadline_extension")]
    operations = [migrations.RunPython(forward, backward)]
