"""The password validator of the security policy (GB/T 22239-2019 8.1.4.1 a): length, character classes
and no reuse of the last passwords. Listed in AUTH_PASSWORD_VALIDATORS, so every way of setting a
password (self-service, the administrator, Django admin) goes through it."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from .domain import CHARACTER_CLASS_LABELS, password_problems
from .policy import security_policy


class PolicyPasswordValidator:
    def validate(self, password, user=None):
        policy = security_policy()
        problems = password_problems(password, policy)
        if user is not None and user.pk and _reused(password, user, policy.password_history):
            problems.append(f"不得与最近 {policy.password_history} 次使用过的口令相同。")
        if problems:
            raise ValidationError(problems, code="password_policy")

    def get_help_text(self):
        policy = security_policy()
        names = "、".join(CHARACTER_CLASS_LABELS.values())
        return (
            f"口令至少 {policy.password_min_length} 个字符，至少包含{names}中的 {policy.password_min_classes} 类，"
            f"且不得与最近 {policy.password_history} 次使用过的口令相同。"
        )


def _reused(password: str, user, history: int) -> bool:
    from .models import PasswordRecord

    hashes = list(PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[:history])
    if not hashes and user.password:
        hashes = [user.password]  # an account from before the history was kept
    return any(check_password(password, encoded) for encoded in hashes)
