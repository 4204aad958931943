from django.db import models
from django.db.models import Q


class ShareType(models.TextChoices):
    UNCONDITIONAL = "unconditional", "无条件共享"
    CONDITIONAL = "conditional", "有条件共享"
    NONE = "none", "不予共享"


class OpenAttribute(models.TextChoices):
    OPEN = "open", "向社会开放"
    CONDITIONAL = "conditional", "有条件开放"
    CLOSED = "closed", "不予开放"


class UpdateCycle(models.TextChoices):
    REALTIME = "realtime", "实时"
    DAILY = "daily", "每日"
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"
    IRREGULAR = "irregular", "不定期"


class ResourceCatalogEntry(models.Model):
    """An entry of the project's pre-compiled information resource catalog (第七条(三), 第十六条)."""

    declaration = models.ForeignKey("intake.Declaration", on_delete=models.PROTECT, related_name="catalog_entries")
    name = models.CharField("资源名称", max_length=200)
    code = models.CharField("资源代码", max_length=60)
    provider = models.CharField("提供方", max_length=200)
    category = models.CharField("分类", max_length=100)
    summary = models.TextField("摘要")
    format = models.CharField("格式", max_length=60)
    items = models.TextField("信息项", help_text="每行一个信息项")
    share_type = models.CharField("共享类型", max_length=20, choices=ShareType.choices)
    share_condition = models.TextField("共享条件或不予共享依据", blank=True)
    open_attribute = models.CharField("开放属性", max_length=20, choices=OpenAttribute.choices)
    update_cycle = models.CharField("更新周期", max_length=20, choices=UpdateCycle.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = "政务信息资源目录条目"
        verbose_name_plural = "政务信息资源目录条目"
        constraints = [
            models.UniqueConstraint(fields=["declaration", "code"], name="unique_catalog_code"),
            models.CheckConstraint(
                condition=Q(share_type="unconditional") | ~Q(share_condition=""),
                name="conditional_share_has_basis",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]
