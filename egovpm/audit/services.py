"""Appending to the audit chain. Callers run inside their own transaction.atomic():
an event that cannot be written makes the whole action fail."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connection, transaction

from egovpm.core import clock
from egovpm.core.personal import seal_personal

from . import context, keys
from .domain import GENESIS, event_hash
from .models import AuditEvent, object_type_of

# The events appended by the call being recorded (events_recorded), so that a caller answers with the
# event its own call wrote, not with whatever event is latest (another request may have written one).
_recorded: ContextVar[list[AuditEvent] | None] = ContextVar("egovpm_audit_recorded", default=None)


@contextmanager
def events_recorded() -> Iterator[list[AuditEvent]]:
    """`with events_recorded() as events: service(...)`: afterwards `events` holds the events that call
    appended, in order (those of a rolled-back transaction too: read it only after success)."""
    events: list[AuditEvent] = []
    token = _recorded.set(events)
    try:
        yield events
    finally:
        _recorded.reset(token)


def _lock_head():
    """Serialise appends: on PostgreSQL an advisory transaction lock; SQLite serialises writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [0x45474F56])  # 'EGOV'


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    outcome: str = "success",
    ip: str | None = None,
) -> AuditEvent:
    """Append one event. `ip` defaults to the address of the request being served (audit.context)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the action's transaction")
    _lock_head()
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    created_at = clock.now().astimezone(dt.UTC).replace(microsecond=0)
    actor_unit = getattr(getattr(actor, "unit", None), "name", "") if actor else ""
    key = keys.current_key()
    payload = {
        "seq": (head["seq"] + 1) if head else 1,
        "created_at": created_at.isoformat(),
        "actor_id": actor.pk if actor else None,
        "actor_name": (actor.get_full_name() or actor.username) if actor else "系统",
        "actor_unit": actor_unit,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": object_repr,
        # personal values (phone numbers …) sealed with the data key: the chain hashes what is stored
        "before": seal_personal(before or {}),
        "after": seal_personal(after or {}),
        "reason": reason,
        "ip": ip if ip is not None else context.client_ip(),
        "outcome": outcome,
        "algorithm": settings.EGOVPM_AUDIT_HASH,
        "key_id": key[0] if key else None,
        "prev_hash": head["hash"] if head else GENESIS,
    }
    payload = _roundtrip(payload)
    event = AuditEvent(
        **{k: v for k, v in payload.items() if k not in ("actor_id", "created_at")},
        actor=actor,
        created_at=created_at,
        hash=event_hash(payload, {key[0]: key[1]} if key else None),
    )
    event.save(force_insert=True)
    recorded = _recorded.get()
    if recorded is not None:
        recorded.append(event)
    return event


def _roundtrip(payload: dict) -> dict:
    """JSON fields come back from the database as JSON; hash what will be read back."""
    for key in ("before", "after"):
        payload[key] = json.loads(json.dumps(payload[key], ensure_ascii=False, default=str))
    return payload


def audit_security_event(
    *,
    actor,
    action: str,
    outcome: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """A security event (login, lockout, second factor, permission denied, export, download) in its own
    transaction, for events that are not part of a business action's transaction."""
    with transaction.atomic():
        return audit_record(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            obj=obj,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            after=after,
            reason=reason,
            outcome=outcome,
        )
