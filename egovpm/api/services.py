"""API tokens: created by their user only (after a fresh code of their second factor, within the policy's
cap per user, valid for the policy's api_token_days), revoked by their user or the system administrator,
each audited; the secret is returned once and only its SHA-256 is stored. All of a user's tokens are revoked
when the password changes or the account is disabled (security.credentials, registered in ApiConfig)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import user_has_device

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role
from egovpm.orgs.models import User
from egovpm.security.domain import api_token_expires_at
from egovpm.security.policy import security_policy
from egovpm.security.services import two_factor_verify

from .models import ApiToken, TokenScope

PREFIX_LENGTH = 8


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def may_manage_tokens(actor, user) -> bool:
    """A user manages (revokes) their own tokens; the system administrator revokes anyone's."""
    return actor.is_authenticated and (actor.pk == user.pk or actor.has_role(Role.SYSADMIN))


def active_tokens(user, now=None):
    now = now or clock.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)


def api_token_create(*, actor, user, name: str, scope: str, otp_token: str) -> tuple[ApiToken, str]:
    """A new token for `user`, created by `user` themself. `otp_token` is a fresh code of their second
    factor (an authenticator code, or a recovery code, used once): a stolen session alone cannot mint a
    token that outlives it. At most the policy's api_tokens_per_user active tokens per user; valid api_token_days.
    Returns (token, secret): the secret is never shown again."""
    if not (actor.is_authenticated and actor.pk == user.pk):
        # not even the system administrator: a token is the account, and the second factor is the owner's
        raise Refused("只能为本人创建 API 令牌。", code="forbidden")
    errors = {}
    if not name.strip():
        errors["name"] = "请填写令牌名称。"
    if scope not in TokenScope.values:
        errors["scope"] = "请选择权限范围（只读或读写）。"
    if not user_has_device(actor, confirmed=True):
        errors["otp_token"] = "创建 API 令牌须先绑定身份验证器（双因素认证），请在“账户安全”中绑定。"
    elif not otp_token.strip():
        errors["otp_token"] = "请填写身份验证器上显示的 6 位验证码（或一个恢复码）。"
    if errors:
        raise ValidationError(errors)
    policy = security_policy()
    if active_tokens(user).count() >= policy.api_tokens_per_user:
        raise Refused(_cap_message(policy.api_tokens_per_user))
    if two_factor_verify(user=actor, token=otp_token) is None:
        raise ValidationError({"otp_token": "验证码不正确或已使用，请输入身份验证器上当前显示的验证码。"})
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one creation at a time per user: the cap holds
        now = clock.now()
        if active_tokens(user, now).count() >= policy.api_tokens_per_user:
            raise Refused(_cap_message(policy.api_tokens_per_user))
        token = ApiToken(
            user=user,
            name=name.strip(),
            prefix=secret[:PREFIX_LENGTH],
            key_hash=token_hash(secret),
            scope=scope,
            created_at=now,
            expires_at=api_token_expires_at(now, policy),
            created_by=actor,
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=actor,
            action="api_token.create",
            obj=token,
            after={
                "user": user.pk,
                "name": token.name,
                "prefix": token.prefix,
                "scope": scope,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return token, secret


def _cap_message(cap: int) -> str:
    return f"每个用户最多同时持有 {cap} 个有效的 API 令牌，请先吊销不再使用的令牌。"


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token: from now on it answers 401."""
    if not may_manage_tokens(actor, token.user):
        raise Refused("只能管理本人的 API 令牌。", code="forbidden")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise Refused("该令牌已吊销。")
        locked.revoked_at = clock.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            obj=locked,
            before={"revoked_at": None},
            after={"user": locked.user_id, "prefix": locked.prefix, "revoked_at": locked.revoked_at},
        )
    return locked


def api_tokens_withdraw(*, actor, user, reason: str) -> int:
    """Revoke every active token of `user` (their password changed or was reset, or the account was
    disabled: security.credentials). Part of the caller's transaction; one audit event."""
    now = clock.now()
    tokens = list(
        ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True).values_list("pk", "prefix")
    )
    if not tokens:
        return 0
    ApiToken.objects.filter(pk__in=[pk for pk, _ in tokens]).update(revoked_at=now, revoked_by=actor or user)
    audit_record(
        actor=actor,
        action="api_token.revoke_all",
        obj=user,
        after={"user": user.pk, "reason": reason, "count": len(tokens), "prefixes": [p for _, p in tokens]},
    )
    return len(tokens)


# The token page shows the last use to the minute: a token called many times a minute is stamped once a
# minute, not written at every call.
STAMP_EVERY = dt.timedelta(minutes=1)


def api_token_use(*, secret: str) -> ApiToken | None:
    """The active, unexpired token of an active user whose secret this is, with its last use stamped (at
    most once a minute); else None."""
    now = clock.now()
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is not None and (token.last_used_at is None or now - token.last_used_at >= STAMP_EVERY):
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token
