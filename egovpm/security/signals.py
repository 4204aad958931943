"""Security events raised by django.contrib.auth and django-axes, written to the audit chain: failed logins
(whatever the login page) and lockouts. Successful logins and logouts are audited by the account views."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from egovpm.audit.services import audit_security_event

from .lockout import client_ip
from .policy import security_policy
from .selectors_admin import address_failures


def login_subject(username: str | None) -> dict:
    user = get_user_model().objects.filter(username=username).first() if username else None
    if user is not None:
        return {"obj": user}
    return {"object_type": "orgs.user", "object_repr": (username or "")[:150]}


@receiver(user_login_failed, dispatch_uid="egovpm.security.login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    # django-axes handled the signal first (its app is listed earlier). An attempt it refused because the
    # account was already locked is marked locked and not counted; the failure that locks is counted.
    locked = getattr(request, "axes_locked_out", False) and getattr(request, "axes_failures_since_start", 0) is None
    audit_security_event(
        actor=None,
        action="auth.login_failed",
        outcome="denied" if locked else "failure",
        reason="账户已锁定" if locked else "用户名或口令错误",
        **login_subject(username),
    )
    if not locked and request is not None:
        _audit_address_lockout(request)


def _audit_address_lockout(request) -> None:
    """The failure that brings the address to policy.lockout_address_failures is the address's lockout."""
    policy, ip = security_policy(), client_ip(request)
    if ip is None or address_failures(ip, policy) != policy.lockout_address_failures:
        return
    what = f"同一来源地址登录失败 {policy.lockout_address_failures} 次"
    _audit_lock("auth.address_lockout", what, policy.lockout_address_failures, object_type="address", object_repr=ip)


@receiver(user_locked_out, dispatch_uid="egovpm.security.locked_out")
def audit_lockout(sender, request, username, ip_address, **kwargs):
    # Axes repeats the signal for each attempt while locked (and then has not counted the attempt:
    # AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off); only the failure that locks is the event.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    what = f"连续登录失败 {security_policy().lockout_failures} 次"
    _audit_lock("auth.lockout", what, request.axes_failures_since_start, **login_subject(username))


def _audit_lock(action: str, what: str, failures: int, **subject) -> None:
    minutes = security_policy().lockout_minutes
    audit_security_event(
        actor=None,
        action=action,
        outcome="failure",
        reason=f"{what}，锁定 {minutes} 分钟",
        after={"failures": failures, "minutes": minutes},
        **subject,
    )
