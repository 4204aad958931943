"""The steps taken before the engine recorded them, read once from the audit chain (each transition's event
holds its stage before and after, the reason and the actor). The names are the table's as of this migration."""

from django.db import migrations

STEPS = {
    "declaration": (
        "approve", "arrange_funds", "consent", "fold_into_coordination", "infrastructure_standalone", "not_arrange",
        "pass_initial_review", "place_in_budget_library", "refuse_consent", "return_re_review",
        "start_initial_review", "start_re_review", "submit", "submit_feasibility", "submit_to_supervisor",
    ),
    "special": (
        "agree_special_start", "apply_special_funds", "approve_special", "arrange_special_funds",
        "refuse_special_start", "reject_special", "request_adjustment", "resubmit_adjusted", "start_joint_review",
        "submit_special_materials", "submit_special_request",
    ),
    "filing": ("request_filing_info", "route_filing", "supply_filing_info"),
}


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Step = apps.get_model("projects", "Step")
    actions = [f"{wf}.{step}" for wf, steps in STEPS.items() for step in steps]
    types = {}
    rows = []
    for event in AuditEvent.objects.filter(action__in=actions, actor__isnull=False).order_by("seq").iterator():
        if event.object_type not in types:
            app_label, model = event.object_type.split(".")
            types[event.object_type] = ContentType.objects.get_or_create(app_label=app_label, model=model)[0]
        workflow, action = event.action.split(".", 1)
        target = (event.after or {}).get("stage", "")
        rows.append(
            Step(
                owner_type=types[event.object_type],
                owner_id=int(event.object_id),
                workflow=workflow,
                action=action,
                source=(event.before or {}).get("stage", target),
                target=target,
                reason=event.reason,
                actor_id=event.actor_id,
                taken_at=event.created_at,
            )
        )
    Step.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_step"),
        ("audit", "0004_security_event_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
