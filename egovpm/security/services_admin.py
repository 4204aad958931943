"""The security administrator's use cases beyond the policy: lifting a lockout."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role
from egovpm.orgs.models import User


def user_unlock(*, actor, user: User) -> int:
    """Clear django-axes' failed-login records of `user` before the lockout time runs out; audited
    together with the reset (GB/T 22239-2019 8.1.4.1)."""
    if not actor.has_role(Role.SECADMIN):
        raise Refused("只有安全管理员可以解除锁定。", code="forbidden")
    with transaction.atomic():
        cleared = axes_reset(username=user.username)
        audit_record(actor=actor, action="auth.unlock", obj=user, after={"cleared_attempts": cleared})
    return cleared
