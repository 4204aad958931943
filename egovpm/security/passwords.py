"""The password validators of the security policy (GB/T 22239-2019 8.1.4.1 a): length, character classes
and no reuse of the last passwords; no common or guessable password. Listed in AUTH_PASSWORD_VALIDATORS, so every way of setting a
password (self-service, the administrator, Django admin) goes through it."""

from __future__ import annotations

import functools

from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from .domain import CHARACTER_CLASS_LABELS, PLATFORM_WORDS, common_password, guessable_word, password_problems
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
            f"且不得与最近 {policy.password_history} 次使用过的口令相同；本人设置的口令至少使用 "
            f"{policy.password_min_age_days} 天后才能再次修改。"
        )


def _reused(password: str, user, history: int) -> bool:
    from .models import PasswordRecord

    hashes = list(PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[:history])
    if not hashes and user.password:
        hashes = [user.password]  # an account from before the history was kept
    return any(check_password(password, encoded) for encoded in hashes)


@functools.cache
def _common_passwords() -> frozenset[str]:
    """Read once per process (Django's validator reads the gzipped list on every instantiation)."""
    return frozenset(CommonPasswordValidator().passwords)


class GuessablePasswordValidator:
    """Refuses a common password, also dressed up with digits, symbols and substitutions ("P@ssw0rd2024!"):
    the list is the one Django ships (django/contrib/auth/common-passwords.txt.gz, the 20,000 most common
    passwords of a public breach corpus, lower case), reused rather than copied. Refuses too a password that
    contains the platform's own words (启东, qidong, the platform's name), the user's username, or their unit's
    name, short name or code."""

    def __init__(self):
        self.common = _common_passwords()

    def validate(self, password, user=None):
        problems = []
        if common_password(password, self.common):
            problems.append("该口令属于常见口令（或其简单变形），容易被猜中，请另选。")
        word = guessable_word(password, self.words(user))
        if word:
            problems.append(f"口令不得包含平台名称、城市名称、本人用户名或本单位名称等易猜词语（“{word}”）。")
        if problems:
            raise ValidationError(problems, code="password_guessable")

    @staticmethod
    def words(user) -> list[str]:
        words = list(PLATFORM_WORDS)
        if user is not None:
            words.append(getattr(user, "username", ""))
            unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
            if unit is not None:
                words += [unit.name, unit.short_name, unit.code]
        return words

    def get_help_text(self):
        return "不得使用常见口令，不得包含平台名称、城市名称、本人用户名或本单位名称。"
