from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class SecurityPolicyRecord(models.Model):
    """The security policy in force, as set by the security administrator. One row at most; without it
    the default of egovpm/security/data/mlps3.json applies. Each change is an audit event."""

    data = models.JSONField("策略内容")
    updated_at = models.DateTimeField("修改时间")
    updated_by = models.ForeignKey(
        "orgs.User", null=True, on_delete=models.PROTECT, related_name="+", verbose_name="修改人"
    )

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"

    def __str__(self):
        return self.data.get("name", "安全策略")


class PasswordRecord(models.Model):
    """One password a user has had (its hash), newest last: the history that forbids reuse, the date the
    maximum age runs from, and whether the user chose it (else an administrator did: change at next login)."""

    user = models.ForeignKey(
        "orgs.User", on_delete=models.CASCADE, related_name="password_records", verbose_name="用户"
    )
    password = models.CharField("口令摘要", max_length=128)
    created_at = models.DateTimeField("设置时间")
    set_by_self = models.BooleanField("本人设置", default=False)

    class Meta:
        verbose_name = "口令记录"
        verbose_name_plural = "口令记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="password_record_user_latest")]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


def _sm3_default_key() -> str:
    from django_otp.util import random_hex

    return random_hex(32)


class SM3Device(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator that computes the SM3 dynamic password of GM/T 0021-2012 (the national algorithm,
    for deployments that must use it: `EGOVPM_OTP_ALGORITHM = "sm3"`), beside django-otp's TOTP (RFC 6238,
    HMAC-SHA1). Time-based: T = ⌊(now − t0) / step⌋; the password is `domain.sm3_otp(key, T)`. Like TOTP a
    code is accepted once (only a time step after `last_t`), within `tolerance` steps of the server's clock,
    and wrong codes slow the next attempt (ThrottlingMixin) and count towards the lockout (the login view)."""

    key = models.CharField("密钥（十六进制）", max_length=128, default=_sm3_default_key)
    step = models.PositiveSmallIntegerField("时间步长（秒）", default=60)
    t0 = models.BigIntegerField("起始时间", default=0)
    digits = models.PositiveSmallIntegerField("位数", default=6)
    tolerance = models.PositiveSmallIntegerField("允许的时间步偏差", default=1)
    last_t = models.BigIntegerField("最近一次通过的时间步", default=-1)

    class Meta(Device.Meta):
        verbose_name = "SM3 动态口令器"
        verbose_name_plural = "SM3 动态口令器"

    @property
    def bin_key(self) -> bytes:
        return bytes.fromhex(self.key)

    def time_factor(self, at=None) -> int:
        from egovpm.core import clock

        moment = (at or clock.now()).timestamp()
        return int((moment - self.t0) // self.step)

    def code_at(self, time_factor: int) -> str:
        from .domain import sm3_otp

        return sm3_otp(self.bin_key, time_factor, digits=self.digits)

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        token = str(token).strip()
        now = self.time_factor()
        for step in range(now - self.tolerance, now + self.tolerance + 1):
            if step > self.last_t and token == self.code_at(step):
                self.last_t = step
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
                return True
        self.throttle_increment(commit=True)
        return False

    def get_throttle_factor(self):
        return 1

    @property
    def config_url(self) -> str:
        """The key-URI of an authenticator app that supports SM3 (algorithm=SM3; the other parameters as in
        the otpauth format)."""
        from base64 import b32encode
        from urllib.parse import quote, urlencode

        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = quote(f"{issuer}:{self.user.get_username()}")
        query = urlencode(
            {"secret": b32encode(self.bin_key).decode().rstrip("="), "algorithm": "SM3", "digits": self.digits}
        )
        return f"otpauth://totp/{label}?{query}&period={self.step}&issuer={quote(issuer)}"
