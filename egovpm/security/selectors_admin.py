"""Reads of the security administrator's pages: users with their roles, second factor and lockout, and the
history of the security policy."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Concat

from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_events_for
from egovpm.core import clock
from egovpm.orgs.models import RoleGrant, User

from .domain import LABELS, SecurityPolicy
from .selectors_accounts import has_authenticator


def _locked_attempts(policy: SecurityPolicy):
    """django-axes' records of a username that has reached the lockout limit within the lockout time."""
    since = clock.now() - dt.timedelta(minutes=policy.lockout_minutes)
    return AccessAttempt.objects.filter(failures_since_start__gte=policy.lockout_failures, attempt_time__gte=since)


def address_failures(ip: str | None, policy: SecurityPolicy) -> int:
    """Failed logins from `ip`, whatever the username, within the lockout time (django-axes' records; a
    success resets only that username's, the security administrator's unlock too)."""
    if ip is None:
        return 0
    since = clock.now() - dt.timedelta(minutes=policy.lockout_minutes)
    attempts = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def users_for_security(
    policy: SecurityPolicy,
    *,
    q: str = "",
    unit_id: int | None = None,
    role: str = "",
    active: bool | None = None,
    two_factor: bool | None = None,
    locked: bool | None = None,
) -> QuerySet[User]:
    """Every user with unit, roles (prefetched), `two_factor` (a confirmed authenticator, TOTP or SM3) and `locked`
    (django-axes), filtered; a constant number of queries whatever the page size."""
    users = (
        User.objects.select_related("unit")
        .prefetch_related("role_grants")
        .annotate(
            two_factor=has_authenticator(OuterRef("pk")),
            locked=Exists(_locked_attempts(policy).filter(username=OuterRef("username"))),
        )
        .order_by("unit__code", "username")
    )
    if q:
        users = users.annotate(full_name=Concat("last_name", "first_name")).filter(
            Q(username__icontains=q) | Q(full_name__icontains=q)
        )
    if unit_id:
        users = users.filter(unit_id=unit_id)
    if role:
        users = users.filter(Exists(RoleGrant.objects.filter(user=OuterRef("pk"), role=role)))
    if active is not None:
        users = users.filter(is_active=active)
    if two_factor is not None:
        users = users.filter(two_factor=two_factor)
    if locked is not None:
        users = users.filter(locked=locked)
    return users


def user_is_locked(policy: SecurityPolicy, user: User) -> bool:
    return _locked_attempts(policy).filter(username=user.username).exists()


def security_policy_history(limit: int = 50) -> list[dict]:
    """The changes of the security policy, newest first, as the audit chain recorded them: each event with
    its changed fields as (label, before, after)."""
    events = AuditEvent.objects.filter(action="security.policy_update").order_by("-seq")[:limit]
    return [
        {"event": e, "changes": [(LABELS.get(k, k), e.before.get(k), e.after.get(k)) for k in e.after]} for e in events
    ]


def role_history(user: User, limit: int = 20) -> list[AuditEvent]:
    return list(audit_events_for(user).filter(action="user.roles_change").order_by("-seq")[:limit])


def unit_history(user: User, limit: int = 20) -> list[AuditEvent]:
    return list(audit_events_for(user).filter(action="user.unit_change").order_by("-seq")[:limit])
