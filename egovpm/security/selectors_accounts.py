"""Reads about a user's own credentials: when the password was set, whether it must change, the second factor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.core import clock

from .domain import SecurityPolicy, password_change_reason, password_expires_at, two_factor_required
from .models import PasswordRecord
from .policy import security_policy


@dataclass(frozen=True)
class PasswordState:
    set_at: dt.datetime
    set_by_self: bool
    expires_at: dt.datetime
    change_reason: str  # "initial", "expired" or ""


def password_state(user, policy: SecurityPolicy | None = None) -> PasswordState:
    """A user without any record (an account from before the history was kept) counts as having chosen the
    password on joining."""
    policy = policy or security_policy()
    record = PasswordRecord.objects.filter(user=user).values("created_at", "set_by_self").first()
    set_at, by_self = (record["created_at"], record["set_by_self"]) if record else (user.date_joined, True)
    reason = password_change_reason(set_at=set_at, set_by_self=by_self, now=clock.now(), policy=policy)
    return PasswordState(set_at, by_self, password_expires_at(set_at, policy), reason)


def two_factor_is_required(user, policy: SecurityPolicy | None = None) -> bool:
    return two_factor_required(user.roles, policy or security_policy())


def confirmed_authenticators():
    """The TOTP devices whose binding a code has confirmed: the ones a login must prove."""
    return TOTPDevice.objects.filter(confirmed=True)


def two_factor_enabled(user) -> bool:
    """A user with a confirmed authenticator logs in with it, whether the policy requires it or not."""
    return confirmed_authenticators().filter(user=user).exists()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0
