"""Refused API calls audited in aggregate (egovpm.audit.refusals, shared with the pages and the login):
for each caller (the user, else the address) and each kind of refusal — 401 `unauthenticated` (an unknown,
expired or revoked token), 403 (role, rule or token scope), 429 `throttled` — the first refusal of a window
is an audit event of its own, the rest are only counted; once the window is over its count joins the chain
as one `api.refusals` event. Closed windows are written out at the next refusal of anyone, or by
`manage.py flush_refusals` (cron; `flush_api_refusals` is its older name)."""

from __future__ import annotations

import datetime as dt

from egovpm.audit.context import ip_of
from egovpm.audit.refusals import WINDOW, refusal_count, refusals_flush, window_data, window_of
from egovpm.audit.services import audit_security_event
from egovpm.security.http import audit_denied

__all__ = ["WINDOW", "api_refusal_record", "api_refusals_flush", "window_of"]

FIRST_ACTIONS = {"unauthenticated": "api.unauthenticated", "throttled": "api.throttled"}


def api_refusal_record(request, code: str) -> None:
    """Count one refused call of `request` (`code`: unauthenticated, forbidden, throttled, …)."""
    user = request.user if getattr(request.user, "is_authenticated", False) else None
    kind = "forbidden" if code not in FIRST_ACTIONS else code
    path = f"{request.method} {request.path}"
    first, start = refusal_count(scope="api", code=kind, user=user, ip=ip_of(request), path=path)
    if not first:
        return
    if kind == "forbidden":
        audit_denied(request, object_type="api")
    else:
        audit_security_event(
            actor=user,
            action=FIRST_ACTIONS[kind],
            outcome="denied",
            object_type="api",
            object_id=request.path[:64],
            object_repr=path[:300],
            after={"code": code, **window_data(start)},
        )


def api_refusals_flush(*, before: dt.datetime | None = None) -> int:
    """Write out the closed windows (of the API and of every other scope): see egovpm.audit.refusals."""
    return refusals_flush(before=before)
