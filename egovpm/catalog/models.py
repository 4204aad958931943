"""The information resource catalog of a project (第七条(三), 第十六条, 第二十条).

The catalog belongs to the project (`projects.Project`), not to one plan year's declaration: it is first
compiled with the feasibility materials (第七条(三)), maintained while the project is built (第十六条) and
handed in with the completion acceptance application (第二十条).

Versioning: `ResourceCatalogEntry` is the catalog as it stands now (one row per live entry; a removed entry's
row is deleted), and `CatalogEntryVersion` is the append-only history beside it: every add, edit and removal
appends one full copy of the entry as it is after the change (for a removal: as it was when removed), with
who changed it, when, and under which declaration. Version 1 of an entry is its first declaration; the
entry's `version` is the number of its latest version. Nothing in the history is ever changed or removed
(`save` of an existing version and `delete` raise), so the catalog of any day can be read back, and the
audit chain holds the same change with before/after."""

from django.conf import settings
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


class CatalogFields(models.Model):
    """The fields of a catalog entry, shared by the entry and each of its versions."""

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
        abstract = True

    def __str__(self):
        return f"{self.code} {self.name}"

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class ResourceCatalogEntry(CatalogFields):
    """An entry of the project's information resource catalog as it stands now (第七条(三), 第十六条)."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="catalog_entries", verbose_name="项目"
    )
    # The declaration the entry was first declared with (第七条(三)); later changes name theirs in the history.
    first_declaration = models.ForeignKey(
        "intake.Declaration", on_delete=models.PROTECT, related_name="+", verbose_name="首次申报"
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = "政务信息资源目录条目"
        verbose_name_plural = "政务信息资源目录条目"
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="unique_catalog_code"),
            models.CheckConstraint(
                condition=Q(share_type="unconditional") | ~Q(share_condition=""),
                name="conditional_share_has_basis",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="catalog_entry_version_from_one"),
        ]


class CatalogChange(models.TextChoices):
    ADDED = "added", "登记"
    EDITED = "edited", "修改"
    REMOVED = "removed", "删除"


class CatalogEntryVersion(CatalogFields):
    """One version of a catalog entry, append-only (see the module's docstring). `entry_key` is the
    entry's id, kept as a number so that the history of a removed entry outlives its row."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="catalog_versions", verbose_name="项目"
    )
    entry_key = models.PositiveBigIntegerField("条目编号")
    number = models.PositiveIntegerField("版本")
    change = models.CharField("变更", max_length=10, choices=CatalogChange.choices)
    declaration = models.ForeignKey(
        "intake.Declaration", on_delete=models.PROTECT, related_name="+", verbose_name="变更时所在申报"
    )
    # The stage of that declaration when the change was made (after the feasibility stage or not).
    stage = models.CharField("变更时阶段", max_length=30)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="变更人"
    )
    changed_at = models.DateTimeField("变更时间")

    class Meta:
        ordering = ["project", "-changed_at", "-id"]
        verbose_name = "政务信息资源目录条目版本"
        verbose_name_plural = "政务信息资源目录条目版本"
        constraints = [
            models.UniqueConstraint(fields=["entry_key", "number"], name="catalog_version_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="catalog_version_from_one"),
            models.CheckConstraint(
                condition=Q(change="added", number=1) | (~Q(change="added") & Q(number__gt=1)),
                name="catalog_version_added_first",
            ),
            models.CheckConstraint(
                condition=Q(share_type="unconditional") | ~Q(share_condition=""),
                name="catalog_version_share_has_basis",
            ),
        ]
        indexes = [models.Index(fields=["project", "entry_key"], name="catalog_version_of")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("catalog entry versions are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("catalog entry versions are append-only")

    @property
    def stage_label(self) -> str:
        """The stage of the declaration when the change was made, in its workflow's words."""
        return self.declaration.workflow.stage(self.stage).label
