"""django-axes reads the lockout rule from the security policy (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME and
friends name these functions in settings), so a change by the security administrator applies at once."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from egovpm.audit.context import ip_of

from .policy import security_policy
from .selectors_admin import address_failures


def failure_limit(request, credentials) -> int:
    return security_policy().lockout_failures


def cool_off(request) -> dt.timedelta:
    return dt.timedelta(minutes=security_policy().lockout_minutes)


def client_ip(request) -> str | None:
    """The same client address as the audit chain records."""
    return ip_of(request)


def address_locked(request) -> bool:
    """The client's address has failed policy.lockout_address_failures logins, of any usernames, within
    policy.lockout_minutes: its logins are refused until then (a password sprayed over many accounts)."""
    policy = security_policy()
    return address_failures(client_ip(request), policy) >= policy.lockout_address_failures


def lockout_response(request, original_response=None, credentials=None, *, address: bool = False):
    policy = security_policy()
    context = {
        "failures": policy.lockout_address_failures if address else policy.lockout_failures,
        "minutes": policy.lockout_minutes,
        "address": address,
    }
    return render(request, "security/lockout.html", context, status=429)
