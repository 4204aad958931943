"""The security policy gains lockout_address_failures (the address lockout); a policy the security
administrator saved before gets the level-3 default, 30."""

from django.db import migrations

DEFAULT = 30


def add_default(apps, schema_editor):
    SecurityPolicyRecord = apps.get_model("security", "SecurityPolicyRecord")
    for record in SecurityPolicyRecord.objects.all():
        if "lockout_address_failures" not in record.data:
            record.data = {**record.data, "lockout_address_failures": DEFAULT}
            record.save(update_fields=["data"])


def drop(apps, schema_editor):
    SecurityPolicyRecord = apps.get_model("security", "SecurityPolicyRecord")
    for record in SecurityPolicyRecord.objects.all():
        record.data = {k: v for k, v in record.data.items() if k != "lockout_address_failures"}
        record.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("security", "0002_passwordrecord")]

    operations = [migrations.RunPython(add_default, drop)]
