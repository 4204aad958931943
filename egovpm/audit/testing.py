"""For tests that commit (live_server, transactional_db): Django empties the tables between such
tests, which the append-only triggers refuse. These lift the guard for the flush and restore it."""

from importlib import import_module

from django.db import connection

_migration = import_module("egovpm.audit.migrations.0003_append_only_triggers")


def lift_append_only_guard() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"ALTER TABLE {_migration.TABLE} DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for sql in _migration.SQLITE_BACKWARD:
                cur.execute(sql)


def restore_append_only_guard() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"ALTER TABLE {_migration.TABLE} ENABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for sql in _migration.SQLITE_FORWARD:
                cur.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
