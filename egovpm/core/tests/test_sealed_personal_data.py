"""Personal data sealed at rest (penetration test, issue 11; GB/T 22239-2019 8.1.4.8): a project leader's and a
user's phone number are stored sealed with the data key — in their columns, in the audit events' before/after
(which the chain hashes as stored), and in a database dump — and read back in the clear by the platform, masked
as before for whoever does not need them."""

from __future__ import annotations

import io
import json

from django.core.management import call_command
from django.db import connection

from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_chain_verify
from egovpm.conftest import application_data
from egovpm.core.personal import mask_personal, reveal_personal
from egovpm.core.sealed import PREFIX
from egovpm.intake import services
from egovpm.intake.models import Declaration
from egovpm.orgs.models import User

PHONE = "0513-83312345"


def _stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (fixed names)
        return cursor.fetchone()[0]


def test_a_leaders_phone_is_sealed_in_its_column_and_in_the_audit_event(city, plan_year):
    decl = services.declaration_create(
        actor=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data(leader_phone=PHONE)
    )
    stored = _stored(Declaration._meta.db_table, "leader_phone", decl.pk)
    assert stored.startswith(PREFIX) and PHONE not in stored
    assert Declaration.objects.get(pk=decl.pk).leader_phone == PHONE  # the platform reads it in the clear

    event = AuditEvent.objects.filter(object_id=str(decl.pk)).latest("seq")
    recorded = json.dumps(event.after, ensure_ascii=False)
    assert PHONE not in recorded and PREFIX in recorded
    assert PHONE in json.dumps(reveal_personal(event.after), ensure_ascii=False)
    assert "0513-****2345" in json.dumps(mask_personal(event.after), ensure_ascii=False)
    assert audit_chain_verify()[1] is None  # the chain hashed what is stored


def test_a_users_phone_is_sealed_and_a_database_dump_holds_no_plain_phone(city):
    user = city.users["clerk"]
    User.objects.filter(pk=user.pk).update(phone="13812345678")  # an update seals too (get_prep_value)
    assert _stored(User._meta.db_table, "phone", user.pk).startswith(PREFIX)
    assert User.objects.get(pk=user.pk).phone == "13812345678"
    out = io.StringIO()
    call_command("dumpdata", "orgs.user", stdout=out)
    assert "13812345678" not in out.getvalue() and PREFIX in out.getvalue()
    dumped = next(row for row in json.loads(out.getvalue()) if row["pk"] == user.pk)
    assert User._meta.get_field("phone").to_python(dumped["fields"]["phone"]) == "13812345678"


def test_a_value_stored_in_the_clear_before_still_reads(city):
    user = city.users["clerk"]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {User._meta.db_table} SET phone = %s WHERE id = %s", ["0513-1234567", user.pk])
    assert User.objects.get(pk=user.pk).phone == "0513-1234567"
