"""For tests that commit (live_server, transactional_db): Django empties the tables between such
tests, which the append-only triggers refuse. These lift the guard for the flush and restore it, on every
table the database keeps append-only (the audit chain, the deadline extensions)."""

from importlib import import_module

from django.db import connection

# The migrations that install append-only triggers; each names its TABLE and its SQLite statements.
_GUARDS = [
    import_module(name)
    for name in (
        "egovpm.audit.migrations.0003_append_only_triggers",
        "egovpm.projects.migrations.0006_deadline_extension_append_only",
    )
]


def lift_append_only_guard() -> None:
    with connection.cursor() as cur:
        for guard in _GUARDS:
            if connection.vendor == "postgresql":
                cur.execute(f"ALTER TABLE {guard.TABLE} DISABLE TRIGGER USER")
            elif connection.vendor == "sqlite":
                for sql in guard.SQLITE_BACKWARD:
                    cur.execute(sql)


def restore_append_only_guard() -> None:
    with connection.cursor() as cur:
        for guard in _GUARDS:
            if connection.vendor == "postgresql":
                cur.execute(f"ALTER TABLE {guard.TABLE} ENABLE TRIGGER USER")
            elif connection.vendor == "sqlite":
                for sql in guard.SQLITE_FORWARD:
                    cur.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
