"""The database itself refuses to update or delete an audit event (SQLite and PostgreSQL)."""

from django.db import migrations

TABLE = "audit_auditevent"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER auditevent_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    f"""CREATE TRIGGER auditevent_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS auditevent_no_update;", "DROP TRIGGER IF EXISTS auditevent_no_delete;"]

PG_FORWARD = [
    """CREATE OR REPLACE FUNCTION auditevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER auditevent_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION auditevent_append_only();""",
    f"""CREATE TRIGGER auditevent_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION auditevent_append_only();""",
]
PG_BACKWARD = [
    f"DROP TRIGGER IF EXISTS auditevent_no_change ON {TABLE};",
    f"DROP TRIGGER IF EXISTS auditevent_no_truncate ON {TABLE};",
    "DROP FUNCTION IF EXISTS auditevent_append_only();",
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
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(forward, backward)]
