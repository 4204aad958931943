# The counts of refused API calls move to egovpm.audit.RefusalCount (shared with the pages and the login):
# the windows still open are carried over, so that no refusal counted before the upgrade goes unaudited.

from django.db import migrations


def carry_over(apps, schema_editor):
    old = apps.get_model("api", "ApiRefusalCount")
    new = apps.get_model("audit", "RefusalCount")
    new.objects.bulk_create(
        [
            new(
                window_start=row.window_start,
                key=f"api|{row.key}"[:200],
                scope="api",
                code=row.code,
                user_id=row.user_id,
                ip=row.ip,
                count=row.count,
                last_path=row.last_path,
                last_at=row.last_at,
            )
            for row in old.objects.all()
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_token_expiry_and_refusal_counts"),
        ("audit", "0006_refusalcount"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="ApiRefusalCount"),
    ]
