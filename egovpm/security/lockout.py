"""django-axes reads the lockout rule from the security policy (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME and
friends name these functions in settings), so a change by the security administrator applies at once."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from egovpm.audit.context import ip_of

from .policy import security_policy


def failure_limit(request, credentials) -> int:
    return security_policy().lockout_failures


def cool_off(request) -> dt.timedelta:
    return dt.timedelta(minutes=security_policy().lockout_minutes)


def client_ip(request) -> str | None:
    """The same client address as the audit chain records."""
    return ip_of(request)


def lockout_response(request, original_response=None, credentials=None):
    policy = security_policy()
    context = {"failures": policy.lockout_failures, "minutes": policy.lockout_minutes}
    return render(request, "security/lockout.html", context, status=429)
