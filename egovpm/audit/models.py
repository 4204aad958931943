import datetime as dt

from django.conf import settings
from django.db import models


def object_type_of(obj) -> str:
    """The object type the audit events of `obj` (a record or its model) carry: its model's label, or,
    for a model that moved between apps, the label its history began under (`audit_type` on the model).
    The chain is hash-linked and never rewritten, so a moved model keeps writing and reading its old type."""
    return getattr(obj, "audit_type", "") or obj._meta.label_lower


class AuditEvent(models.Model):
    """One link of the append-only, hash-chained audit log. Never updated, never deleted
    (database triggers refuse both; see migration 0002)."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="操作人",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    actor_unit = models.CharField("操作人单位", max_length=200, blank=True)
    action = models.CharField("动作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, db_index=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    before = models.JSONField("变更前", default=dict, blank=True)
    after = models.JSONField("变更后", default=dict, blank=True)
    reason = models.TextField("理由/意见", blank=True)
    ip = models.GenericIPAddressField("来源 IP", null=True, blank=True)
    outcome = models.CharField(
        "结果",
        max_length=10,
        choices=[("success", "成功"), ("failure", "失败"), ("denied", "拒绝")],
        null=True,
        blank=True,
    )
    algorithm = models.CharField("哈希算法", max_length=10, null=True, blank=True)
    # The id of the audit key whose HMAC is the hash (audit.keys); empty for the plain-hash events written
    # before the chain was keyed.
    key_id = models.CharField("密钥编号", max_length=16, null=True, blank=True)
    prev_hash = models.CharField("前一环哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_repr}"

    def payload(self) -> dict:
        return {
            "seq": self.seq,
            "created_at": self.created_at.astimezone(dt.UTC).isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "actor_unit": self.actor_unit,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "ip": self.ip,
            "outcome": self.outcome,
            "algorithm": self.algorithm,
            "key_id": self.key_id,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


class RefusalCount(models.Model):
    """Refusals of one kind (`scope`: api, page, login; `code`: unauthenticated, forbidden, not_found,
    throttled) of one caller (user, else address) in one window: the first is an audit event of its own,
    the rest are only counted here; when the window is over its count joins the audit chain as one
    `<scope>.refusals` event and the row goes (egovpm.audit.refusals)."""

    window_start = models.DateTimeField("时间窗开始")
    key = models.CharField("计数键", max_length=200)
    scope = models.CharField("范围", max_length=20)
    code = models.CharField("拒绝类型", max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="用户"
    )
    ip = models.GenericIPAddressField("来源 IP", null=True, blank=True)
    count = models.PositiveIntegerField("次数", default=1)
    last_path = models.CharField("最近请求", max_length=300, blank=True)
    last_at = models.DateTimeField("最近时间")

    class Meta:
        verbose_name = "拒绝计数"
        verbose_name_plural = "拒绝计数"
        constraints = [models.UniqueConstraint(fields=["window_start", "key"], name="refusal_one_row_per_window")]

    def __str__(self):
        return f"{self.scope} {self.code} × {self.count}"
