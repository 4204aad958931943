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
