"""PostgreSQL roles: the role that serves requests does not own the audit table or its triggers.

Two roles (docs/security.md, Deployment): the migration role owns the schema, every table and the
append-only triggers, and runs `migrate`, `restore` and this module's grants; the application role
(DATABASE_URL of gunicorn and cron) may read and write the business tables but on the append-only tables
(the audit chain, the deadline extensions) only SELECT and INSERT — no UPDATE, DELETE or TRUNCATE, and as
it owns nothing it cannot drop or disable the triggers (ALTER TABLE needs the owner)."""

from __future__ import annotations

import re

# Tables whose rows are never changed or removed (their migrations install the append-only triggers).
APPEND_ONLY_TABLES = ("audit_auditevent", "projects_deadlineextension")
# Read, never written, by the application.
READ_ONLY_TABLES = ("django_migrations",)

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def identifier(name: str) -> str:
    """A role name as SQL (lower-case letters, digits, underscores: nothing to quote or inject)."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"角色名只能由小写字母、数字和下划线组成：{name!r}")
    return name


def grant_statements(*, app_role: str, owner_role: str, schema: str = "public") -> list[str]:
    """The statements, run by the migration role (`owner_role`, owner of every table) after `migrate`,
    that give `app_role` what the platform needs and nothing more on the append-only tables."""
    app, owner, schema = identifier(app_role), identifier(owner_role), identifier(schema)
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        # tables that later migrations create (run by the owner) get the same
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements += [
            f"REVOKE ALL ON {schema}.{table} FROM {app}",
            f"GRANT SELECT, INSERT ON {schema}.{table} TO {app}",
        ]
    for table in READ_ONLY_TABLES:
        statements += [f"REVOKE ALL ON {schema}.{table} FROM {app}", f"GRANT SELECT ON {schema}.{table} TO {app}"]
    return statements
