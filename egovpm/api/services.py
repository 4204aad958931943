"""API tokens: created and revoked by their user or the system administrator, each audited; the
secret is returned once and only its SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role

from .models import ApiToken, TokenScope

PREFIX_LENGTH = 8


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def may_manage_tokens(actor, user) -> bool:
    """A user manages their own tokens; the system administrator manages anyone's."""
    return actor.is_authenticated and (actor.pk == user.pk or actor.has_role(Role.SYSADMIN))


def api_token_create(*, actor, user, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for `user`. Returns (token, secret): the secret is never shown again."""
    if not may_manage_tokens(actor, user):
        raise Refused("只能管理本人的 API 令牌。", code="forbidden")
    errors = {}
    if not name.strip():
        errors["name"] = "请填写令牌名称。"
    if scope not in TokenScope.values:
        errors["scope"] = "请选择权限范围（只读或读写）。"
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=user,
            name=name.strip(),
            prefix=secret[:PREFIX_LENGTH],
            key_hash=token_hash(secret),
            scope=scope,
            created_at=clock.now(),
            created_by=actor,
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=actor,
            action="api_token.create",
            obj=token,
            after={"user": user.pk, "name": token.name, "prefix": token.prefix, "scope": scope},
        )
    return token, secret


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


def api_token_use(*, secret: str) -> ApiToken | None:
    """The active token of an active user whose secret this is, with its last use stamped; else None."""
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        token.last_used_at = clock.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token
