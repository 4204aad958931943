"""Reads about a user's own credentials: when the password was set, whether it must change, the second factor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_events_for
from egovpm.core import clock

from .domain import SecurityPolicy, password_change_reason, password_expires_at, two_factor_required
from .models import PasswordRecord, SM3Device
from .policy import security_policy


@dataclass(frozen=True)
class PasswordState:
    set_at: dt.datetime
    set_by_self: bool
    expires_at: dt.datetime
    change_reason: str  # "initial", "expired" or ""
    # The password in force replaced an earlier one and was set by an administrator (a reset, not the
    # account's initial password): its owner must prove a second factor the administrator does not hold
    # (or enrol one) before changing it, and before anything else.
    reset_by_admin: bool = False


def password_state(user, policy: SecurityPolicy | None = None) -> PasswordState:
    """A user without any record (an account from before the history was kept) counts as having chosen the
    password on joining."""
    policy = policy or security_policy()
    records = list(PasswordRecord.objects.filter(user=user).values("created_at", "set_by_self")[:2])
    record = records[0] if records else None
    set_at, by_self = (record["created_at"], record["set_by_self"]) if record else (user.date_joined, True)
    reason = password_change_reason(set_at=set_at, set_by_self=by_self, now=clock.now(), policy=policy)
    reset = not by_self and len(records) > 1
    return PasswordState(set_at, by_self, password_expires_at(set_at, policy), reason, reset)


def two_factor_is_required(user, policy: SecurityPolicy | None = None) -> bool:
    return two_factor_required(user.roles, policy or security_policy())


# The authenticators a user may bind: TOTP (RFC 6238) and the SM3 dynamic password (GM/T 0021-2012). A new
# binding uses the deployment's algorithm (settings.EGOVPM_OTP_ALGORITHM); a login accepts either kind, so
# that switching the setting does not lock out those who bound the other.
AUTHENTICATOR_MODELS = {"totp": TOTPDevice, "sm3": SM3Device}


def authenticator_model():
    """The model of a new binding: the deployment's algorithm."""
    from django.conf import settings

    return AUTHENTICATOR_MODELS[settings.EGOVPM_OTP_ALGORITHM]


def confirmed_authenticators(model=None):
    """The authenticators of `model` (default: the deployment's) whose binding a code has confirmed."""
    return (model or authenticator_model()).objects.filter(confirmed=True)


def user_authenticator(user):
    """The user's confirmed authenticator, of whichever kind; None when none is bound."""
    for model in AUTHENTICATOR_MODELS.values():
        device = confirmed_authenticators(model).filter(user=user).order_by("-id").first()
        if device is not None:
            return device
    return None


def has_authenticator(user_ref):
    """An Exists() expression: the user (an OuterRef to a user's pk) has a confirmed authenticator."""
    from django.db.models import BooleanField, Exists, ExpressionWrapper

    first, *others = (Exists(confirmed_authenticators(m).filter(user=user_ref)) for m in AUTHENTICATOR_MODELS.values())
    for other in others:
        first = first | other
    return ExpressionWrapper(first, output_field=BooleanField())


def two_factor_enabled(user) -> bool:
    """A user with a confirmed authenticator logs in with it, whether the policy requires it or not."""
    return user_authenticator(user) is not None


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0


# Changes to an account that an administrator makes, shown to its owner (账户安全, and a notice at login).
ADMIN_ACCOUNT_CHANGES = {
    "user.password_reset": "设置或重设了您的口令",
    "user.roles_change": "调整了您的角色",
    "user.unit_change": "调整了您的单位",
    "user.update": "修改了您的账户信息",
    "auth.unlock": "解除了您的登录锁定",
}


def admin_account_changes(user, *, since: dt.datetime | None = None, limit: int = 20) -> list[AuditEvent]:
    """The changes administrators made to `user`'s account (audit events of the account by anybody else),
    newest first; only those after `since` when given."""
    events = (
        audit_events_for(user)
        .filter(action__in=ADMIN_ACCOUNT_CHANGES)
        .exclude(actor_id=user.pk)
        .exclude(actor__isnull=True)
    )
    if since is not None:
        events = events.filter(created_at__gt=since)
    return list(events.order_by("-seq")[:limit])
