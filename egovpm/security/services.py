"""Use cases of the security administrator and of every user's own credentials."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from egovpm.audit.services import audit_record, audit_security_event
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role

from .credentials import credentials_withdraw
from .domain import SecurityPolicy, password_too_young, security_policy_problems
from .models import PasswordRecord, SecurityPolicyRecord, SM3Device
from .policy import security_policy
from .selectors_accounts import (
    AUTHENTICATOR_MODELS,
    authenticator_model,
    password_state,
    two_factor_enabled,
    two_factor_is_required,
    user_authenticator,
)

TOTP_DEVICE_NAME = "身份验证器"
WRONG_OLD_PASSWORD = "wrong_old_password"


def security_policy_update(*, actor, policy: SecurityPolicy) -> SecurityPolicy:
    """The security administrator sets the policy; values outside the level-3 bounds are refused."""
    if not actor.has_role(Role.SECADMIN):
        raise Refused("只有安全管理员可以修改安全策略。", code="forbidden")
    problems = security_policy_problems(policy)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        before = security_policy()
        SecurityPolicyRecord.objects.update_or_create(
            pk=1, defaults={"data": policy.as_dict(), "updated_at": clock.now(), "updated_by": actor}
        )
        changed = [f.name for f in dataclasses.fields(policy) if getattr(before, f.name) != getattr(policy, f.name)]
        audit_record(
            actor=actor,
            action="security.policy_update",
            object_type="security.securitypolicy",
            object_id="1",
            object_repr=policy.name,
            before={k: before.as_dict()[k] for k in changed},
            after={k: policy.as_dict()[k] for k in changed},
        )
    return policy


# -- the user's own credentials (身份鉴别) -------------------------------------------------------------


def password_record_add(*, user, set_by_self: bool) -> PasswordRecord:
    """Remember the password `user` has just been given (its hash): the history and the date the maximum
    age runs from. Part of the caller's transaction."""
    return PasswordRecord.objects.create(
        user=user, password=user.password, created_at=clock.now(), set_by_self=set_by_self
    )


def password_change(*, user, old_password: str, new_password: str, second_factor_verified: bool = False):
    """The user changes their own password: the old one proves it is them; the new one must satisfy the policy.
    A password an administrator reset is not proof enough (the administrator knows it too): its change needs
    the owner's second factor, proven in this session (`second_factor_verified`)."""
    if password_state(user).reset_by_admin and not second_factor_verified:
        raise Refused(
            "您的口令由管理员重设，须先通过您本人的双因素认证（身份验证器验证码），才能修改口令。", code="forbidden"
        )
    if not user.check_password(old_password):
        # someone at an unattended session guessing the password: audited, and counted towards the lockout
        # by the view, as a wrong password at the login is
        audit_security_event(
            actor=user, action="auth.password_change_failed", outcome="failure", obj=user, reason="原口令不正确"
        )
        raise ValidationError(
            {"old_password": ValidationError("原口令不正确。连续多次错误，账户将被锁定。", code=WRONG_OLD_PASSWORD)}
        )
    state = password_state(user)
    too_young = password_too_young(
        set_at=state.set_at, set_by_self=state.set_by_self, now=clock.now(), policy=security_policy()
    )
    if too_young:
        raise ValidationError({"new_password": too_young})
    return _password_store(actor=user, user=user, password=new_password, field="new_password")


def password_set(*, actor, user, password: str):
    """The system administrator gives a user an initial or new password; the user must change it at the
    next login (GB/T 22239-2019 8.1.4.1: only the user knows the password they work with)."""
    if not actor.has_role(Role.SYSADMIN):
        raise Refused("只有系统管理员可以设置用户口令。", code="forbidden")
    return _password_store(actor=actor, user=user, password=password, field="password")


def _password_store(*, actor, user, password: str, field: str):
    """Validate against the policy (messages at `field`), store the hash, remember it in the history and
    audit it: a change by the user themself, or a reset by the administrator that must be changed."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    by_self = actor.pk == user.pk
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        password_record_add(user=user, set_by_self=by_self)
        audit_record(actor=actor, action="user.password_change" if by_self else "user.password_reset", obj=user)
        credentials_withdraw(actor=actor, user=user, reason="password_change" if by_self else "password_reset")
    return user


def totp_device_begin(*, user):
    """The authenticator being bound: one unconfirmed device of the deployment's algorithm (TOTP, or SM3 with
    EGOVPM_OTP_ALGORITHM = "sm3") with a fresh secret, until a code confirms it."""
    model = authenticator_model()
    with transaction.atomic():
        device = model.objects.filter(user=user, confirmed=False).order_by("-id").first()
        if device is None:
            device = model.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, user, token: str):
    """A code from the new authenticator confirms it; it replaces any earlier one (of either kind), and a
    fresh set of recovery codes (policy.recovery_codes) is issued. Returns the device and the codes, to show
    once."""
    model = authenticator_model()
    device = model.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise ValidationError({"token": "请先打开绑定页面扫描二维码。"})
    if not device.verify_token(_digits(token)):
        raise ValidationError({"token": "验证码不正确，请核对手机上显示的 6 位数字（注意手机时间须准确）。"})
    with transaction.atomic():
        for other in AUTHENTICATOR_MODELS.values():
            other.objects.filter(user=user).exclude(pk=device.pk if other is model else None).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_issue(user)
        audit_record(
            actor=user,
            action="auth.otp_enrol",
            obj=user,
            after={"recovery_codes": len(codes), "algorithm": settings.EGOVPM_OTP_ALGORITHM},
        )
    return device, codes


def recovery_codes_regenerate(*, user) -> list[str]:
    """New recovery codes replace the old ones (all of them, used or not)."""
    if not two_factor_enabled(user):
        raise Refused("请先绑定身份验证器。", code="forbidden")
    with transaction.atomic():
        codes = _recovery_codes_issue(user)
        audit_record(actor=user, action="auth.recovery_codes_regenerate", obj=user, after={"count": len(codes)})
    return codes


def two_factor_disable(*, user) -> None:
    """A user whom the policy does not require to use a second factor turns it off."""
    if two_factor_is_required(user):
        raise Refused("您的角色必须使用双因素认证，不能关闭。", code="forbidden")
    with transaction.atomic():
        for model in AUTHENTICATOR_MODELS.values():
            model.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(actor=user, action="auth.otp_disable", obj=user)


def two_factor_verify(*, user, token: str):
    """The second step of login: a code of the user's authenticator or one of the recovery codes (used
    once). Returns the device that accepted it, or None; each attempt is an audit event."""
    token = token.strip().replace(" ", "").lower()
    device = None
    for candidate in (
        user_authenticator(user),
        StaticDevice.objects.filter(user=user, confirmed=True).first(),
    ):
        if candidate is not None and token:
            device = verify_token(user, candidate.persistent_id, token)
            if device is not None:
                break
    kind = {StaticDevice: "recovery_code", SM3Device: "sm3"}.get(type(device), "totp")
    audit_security_event(
        actor=user,
        action="auth.otp_verify" if device else "auth.otp_failed",
        outcome="success" if device else "failure",
        obj=user,
        after={"method": kind} if device else {},
    )
    return device


def _digits(token: str) -> str:
    return "".join(ch for ch in token if not ch.isspace())


def _recovery_codes_issue(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(security_policy().recovery_codes)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
