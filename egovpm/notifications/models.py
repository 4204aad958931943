"""What the platform tells each person: a notification of a decision that concerns them, a reminder of a
deadline, the Office's 催办; and the channels each person chooses."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationKind(models.TextChoices):
    DECISION = "decision", "办理结果"
    TASK = "task", "待办提醒"
    REMINDER = "reminder", "期限提醒"
    URGE = "urge", "催办"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="接收人"
    )
    kind = models.CharField("类别", max_length=20, choices=NotificationKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="项目"
    )
    plan_year = models.PositiveIntegerField("计划年度", null=True, blank=True)
    # A reminder's identity (the item, its deadline and the kind of reminder): nobody gets one twice.
    key = models.CharField("提醒标识", max_length=300, blank=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed = models.BooleanField("已发邮件", default=False)
    texted = models.BooleanField("已发短信", default=False)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="unique_reminder_per_user")
        ]

    def __str__(self):
        return self.title


class ChannelPreference(models.Model):
    """第七条 onwards, every party: in-app always; e-mail and SMS as the person chooses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preference", verbose_name="用户"
    )
    email = models.BooleanField("电子邮件", default=True)
    sms = models.BooleanField("短信", default=False)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "通知方式"
        verbose_name_plural = "通知方式"

    def __str__(self):
        return f"{self.user} · 通知方式"
