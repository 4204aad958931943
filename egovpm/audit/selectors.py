from .domain import first_broken
from .models import AuditEvent


def audit_chain_verify() -> tuple[int, tuple[int, str] | None]:
    """(number of events, first broken link or None)."""
    count = 0

    def payloads():
        nonlocal count
        for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
            count += 1
            yield event.payload()

    broken = first_broken(payloads())
    return count, broken


def audit_events_for(obj):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("seq")
