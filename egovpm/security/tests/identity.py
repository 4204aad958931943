"""Helpers of the identity tests."""

from __future__ import annotations

from egovpm.audit.models import AuditEvent


def events(action: str) -> list[AuditEvent]:
    """The audit events of `action`, in chain order."""
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))
