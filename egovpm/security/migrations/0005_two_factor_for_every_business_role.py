"""Penetration test (等保三级 8.1.4.1 d): a second factor for every business account. The level-3 default
(data/mlps3.json) now names every role; a policy the security administrator saved before this names only
some: this adds the others to it, once (the administrator may take the unit's, experts', supervision
engineers' and assessors' roles off again; the Office, Finance, Audit and the administrators stay, as
domain.ALWAYS_TWO_FACTOR requires)."""

from django.db import migrations

EVERY_ROLE = [
    "unit_clerk",
    "unit_leader",
    "supervisor_approver",
    "office_reviewer",
    "office_head",
    "finance_reviewer",
    "audit_reviewer",
    "expert",
    "supervision_engineer",
    "assessor",
    "sysadmin",
    "secadmin",
    "auditadmin",
]


def forwards(apps, schema_editor):
    record = apps.get_model("security", "SecurityPolicyRecord").objects.filter(pk=1).first()
    if record is None or "two_factor_roles" not in record.data:
        return
    record.data["two_factor_roles"] = sorted(set(record.data["two_factor_roles"]) | set(EVERY_ROLE))
    record.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("security", "0004_sm3_device")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
