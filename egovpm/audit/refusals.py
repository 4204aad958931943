"""Refusals audited in aggregate (GB/T 22239-2019 8.1.4.3 a, without letting a flood of refused requests
flood the audit chain), for the API (401, 403, 429), the pages (404 of an object out of the user's scope)
and the login (429 of the rate limit) alike: for each scope, each caller (the user, else the address) and
each kind of refusal, the first refusal of a WINDOW is an audit event of its own (written by the caller,
who knows what to say about it), the rest are only counted (RefusalCount); once the window is over its count
joins the chain as one `<scope>.refusals` event. Closed windows are written out at the next first refusal of
anyone, or by `manage.py flush_refusals` (cron)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F

from egovpm.core import clock

from .models import RefusalCount
from .services import audit_record

WINDOW = dt.timedelta(minutes=10)


def window_of(at: dt.datetime) -> dt.datetime:
    """The start of the window `at` falls in (windows of WINDOW from the Unix epoch, in UTC)."""
    seconds = int(WINDOW.total_seconds())
    stamp = int(at.timestamp()) // seconds * seconds
    return dt.datetime.fromtimestamp(stamp, tz=dt.UTC)


def window_data(start: dt.datetime) -> dict:
    """What the first event of a window says about the window."""
    return {"window_start": start.isoformat(), "window_minutes": int(WINDOW.total_seconds() // 60)}


def refusal_count(*, scope: str, code: str, user, ip: str | None, path: str) -> tuple[bool, dt.datetime]:
    """Count one refusal. Returns (first, window_start): `first` when it is the first of its window, which
    the caller then writes as an event of its own (after the closed windows have been written out)."""
    now = clock.now()
    start = window_of(now)
    user = user if getattr(user, "is_authenticated", False) else None
    key = f"{scope}|{code}|{user.pk if user else '-'}|{ip or '-'}"[:200]
    path = path[:300]
    with transaction.atomic():
        row, created = RefusalCount.objects.get_or_create(
            window_start=start,
            key=key,
            defaults={"scope": scope, "code": code, "user": user, "ip": ip, "last_path": path, "last_at": now},
        )
        if not created:
            RefusalCount.objects.filter(pk=row.pk).update(count=F("count") + 1, last_path=path, last_at=now)
    if created:
        refusals_flush(before=start)
    return created, start


def refusals_flush(*, before: dt.datetime | None = None) -> int:
    """Write out the windows that ended by `before` (default: now): one `<scope>.refusals` event for each
    that counted more than its first refusal; the rows go. Returns the number of events written."""
    before = before or window_of(clock.now())
    written = 0
    for row in RefusalCount.objects.filter(window_start__lt=before).select_related("user__unit").order_by("id"):
        with transaction.atomic():
            deleted, _ = RefusalCount.objects.filter(pk=row.pk).delete()
            if deleted and row.count > 1:
                audit_record(
                    actor=row.user,
                    action=f"{row.scope}.refusals",
                    outcome="denied",
                    object_type=row.scope,
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
