"""PostgreSQL: the role that serves requests cannot change or remove audit events, with or without the
triggers, because it owns nothing and holds only SELECT and INSERT on the append-only tables
(egovpm/audit/dbroles.py; docs/security.md, Deployment). A throwaway role, created and dropped inside the
test's transaction, plays the application."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from egovpm.audit.dbroles import grant_statements, identifier
from egovpm.audit.models import AuditEvent
from egovpm.audit.services import audit_record

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="database roles and grants need PostgreSQL (CI: DATABASE_URL=postgres://…)",
)

APP = "egovpm_test_app_role"


def as_app(sql: str, params=()) -> list:
    """Run `sql` as the application role, in a savepoint that also ends the SET ROLE."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"SET LOCAL ROLE {APP}")
        cur.execute(sql, params)
        rows = cur.fetchall() if cur.description else []
        transaction.set_rollback(True)
        return rows


@pytest.fixture
def app_role(city):
    with transaction.atomic():
        audit_record(actor=city.users["clerk"], action="declaration.update", obj=city.units["hospital"])
    with connection.cursor() as cur:
        cur.execute("SELECT current_user")
        owner = cur.fetchone()[0]
        cur.execute(f"CREATE ROLE {APP} NOLOGIN")  # rolled back with the test
    call_command("audit_db_roles", app_role=APP, owner_role=owner, execute=True, stdout=io.StringIO())
    return owner


@postgresql_only
def test_the_application_role_reads_and_appends_but_cannot_change_or_remove_events(app_role):
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert as_app("SELECT count(*) FROM audit_auditevent")[0][0] == AuditEvent.objects.count()
    assert as_app("SELECT count(*) FROM intake_declaration")  # the business tables it reads and writes
    attempts = {
        "update": ("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["改", seq]),
        "delete": ("DELETE FROM audit_auditevent WHERE seq = %s", [seq]),
        "truncate": ("TRUNCATE audit_auditevent", []),
        "drop the triggers": ("ALTER TABLE audit_auditevent DISABLE TRIGGER USER", []),
        "deadline extensions": ("DELETE FROM projects_deadlineextension", []),
        "migrations": ("DELETE FROM django_migrations", []),
    }
    for name, (sql, params) in attempts.items():
        with pytest.raises(DatabaseError) as exc:
            as_app(sql, params)
        message = str(exc.value)
        assert "permission denied" in message or "must be owner" in message, name  # not the trigger's refusal


@postgresql_only
def test_the_command_refuses_an_application_role_that_owns_the_tables(app_role):
    with pytest.raises(CommandError, match="不得是表的所有者"):
        call_command("audit_db_roles", app_role=app_role, stdout=io.StringIO())


def test_the_printed_grants_name_only_select_and_insert_on_the_audit_table():
    statements = grant_statements(app_role="egovpm_app", owner_role="egovpm_owner")
    assert "GRANT SELECT, INSERT ON public.audit_auditevent TO egovpm_app" in statements
    assert statements.index("REVOKE ALL ON public.audit_auditevent FROM egovpm_app") > statements.index(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO egovpm_app"
    )
    with pytest.raises(ValueError):
        identifier("app; DROP TABLE audit_auditevent")
