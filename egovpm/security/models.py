from django.db import models


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
