"""Per-user API tokens. The secret is shown once and never stored: only its SHA-256 is kept. A token
expires (the security policy's api_token_days) and is revoked when its user's password changes or the
account is disabled. Refused calls are counted per window (egovpm.audit.RefusalCount), not recorded one by one."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class TokenScope(models.TextChoices):
    READ = "read", "只读（read）"
    WRITE = "write", "读写（write）"


class ApiToken(models.Model):
    """A token with which an integrator calls /api/v1/ as `user`, with that user's roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name="用户"
    )
    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=8, db_index=True, help_text="令牌的前 8 个字符，用于辨认。")
    key_hash = models.CharField("令牌哈希（SHA-256）", max_length=64, unique=True)
    scope = models.CharField("权限范围", max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField("创建时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="吊销人",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=["read", "write"]), name="api_token_scope_known"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False), name="api_token_revoked_by_someone"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    def active_at(self, now) -> bool:
        return self.revoked_at is None and now < self.expires_at
