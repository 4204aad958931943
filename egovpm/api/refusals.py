"""Refused API calls audited in aggregate (GB/T 22239-2019 8.1.4.3 a, without letting a flood of bad
calls flood the audit chain): for each caller (the user, else the address) and each kind of refusal —
401 `unauthenticated` (an unknown, expired or revoked token), 403 (role, rule or token scope), 429
`throttled` — the first refusal of a WINDOW is an audit event of its own, the rest are only counted
(ApiRefusalCount); once the window is over its count joins the chain as one `api.refusals` event. Closed
windows are written out at the next refusal of anyone, or by `manage.py flush_api_refusals` (cron)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F

from egovpm.audit.context import ip_of
from egovpm.audit.services import audit_record, audit_security_event
from egovpm.core import clock
from egovpm.security.http import audit_denied

from .models import ApiRefusalCount

WINDOW = dt.timedelta(minutes=10)
FIRST_ACTIONS = {"unauthenticated": "api.unauthenticated", "throttled": "api.throttled"}


def window_of(at: dt.datetime) -> dt.datetime:
    """The start of the window `at` falls in (windows of WINDOW from the Unix epoch, in UTC)."""
    seconds = int(WINDOW.total_seconds())
    stamp = int(at.timestamp()) // seconds * seconds
    return dt.datetime.fromtimestamp(stamp, tz=dt.UTC)


def api_refusal_record(request, code: str) -> None:
    """Count one refused call of `request` (`code`: unauthenticated, forbidden, throttled, …)."""
    now = clock.now()
    start = window_of(now)
    user = request.user if getattr(request.user, "is_authenticated", False) else None
    ip = ip_of(request)
    kind = "forbidden" if code not in FIRST_ACTIONS else code
    key = f"{kind}|{user.pk if user else '-'}|{ip or '-'}"
    path = f"{request.method} {request.path}"[:300]
    with transaction.atomic():
        row, created = ApiRefusalCount.objects.get_or_create(
            window_start=start,
            key=key,
            defaults={"code": kind, "user": user, "ip": ip, "last_path": path, "last_at": now},
        )
        if not created:
            ApiRefusalCount.objects.filter(pk=row.pk).update(count=F("count") + 1, last_path=path, last_at=now)
    if not created:
        return
    api_refusals_flush(before=start)
    if kind == "forbidden":
        audit_denied(request, object_type="api")
    else:
        audit_security_event(
            actor=user,
            action=FIRST_ACTIONS[kind],
            outcome="denied",
            object_type="api",
            object_id=request.path[:64],
            object_repr=path,
            after={
                "code": code,
                "window_start": start.isoformat(),
                "window_minutes": int(WINDOW.total_seconds() // 60),
            },
        )


def api_refusals_flush(*, before: dt.datetime | None = None) -> int:
    """Write out the windows that ended by `before` (default: now): one api.refusals event for each that
    counted more than its first refusal; the rows go. Returns the number of events written."""
    before = before or window_of(clock.now())
    written = 0
    for row in ApiRefusalCount.objects.filter(window_start__lt=before).select_related("user__unit").order_by("id"):
        with transaction.atomic():
            deleted, _ = ApiRefusalCount.objects.filter(pk=row.pk).delete()
            if deleted and row.count > 1:
                audit_record(
                    actor=row.user,
                    action="api.refusals",
                    outcome="denied",
                    object_type="api",
                    object_id=row.code,
                    object_repr=f"{row.count} 次，最近：{row.last_path}"[:300],
                    after={
                        "code": row.code,
                        "count": row.count,
                        "window_start": row.window_start.isoformat(),
                        "window_end": (row.window_start + WINDOW).isoformat(),
                        "last_at": row.last_at.isoformat(),
                    },
                    ip=row.ip,
                )
                written += 1
    return written
