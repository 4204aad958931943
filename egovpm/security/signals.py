"""Security events raised by django.contrib.auth and django-axes, written to the audit chain: failed logins
(whatever the login page) and lockouts. Successful logins and logouts are audited by the account views."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from egovpm.audit.services import audit_security_event

from .policy import security_policy


def _subject(username: str | None) -> dict:
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
        **_subject(username),
    )


@receiver(user_locked_out, dispatch_uid="egovpm.security.locked_out")
def audit_lockout(sender, request, username, ip_address, **kwargs):
    # Axes repeats the signal for each attempt while locked (and then has not counted the attempt:
    # AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off); only the failure that locks is the event.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    policy = security_policy()
    audit_security_event(
        actor=None,
        action="auth.lockout",
        outcome="failure",
        reason=f"连续登录失败 {policy.lockout_failures} 次，锁定 {policy.lockout_minutes} 分钟",
        after={"failures": request.axes_failures_since_start, "minutes": policy.lockout_minutes},
        **_subject(username),
    )
