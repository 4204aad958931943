"""The project: the aggregate of an e-government project's whole life (第二条 onwards). Each stage (intake,
construction, acceptance, operations, evaluation) is an app around it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q

from egovpm.lifecycle.table import WORKFLOWS

MONEY = {"max_digits": 14, "decimal_places": 2}


class Category(models.TextChoices):
    """第三条: what an e-government project builds."""

    NETWORK = "network", "电子政务网络"
    SECURITY_PLATFORM = "security_platform", "安全支撑平台"
    APPLICATION_PLATFORM = "application_platform", "应用支撑平台"
    APPLICATION_SYSTEM = "application_system", "应用系统"
    INFORMATION_RESOURCES = "information_resources", "信息资源开发利用及共享"


class WorkKind(models.TextChoices):
    """第三条: 新建、扩建及升级改造."""

    NEW = "new", "新建"
    EXTENSION = "extension", "扩建"
    UPGRADE = "upgrade", "升级改造"


class FiscalShare(models.TextChoices):
    """第二条: the project uses fiscal funds in whole or in part."""

    WHOLE = "whole", "全部使用财政性资金"
    PART = "part", "部分使用财政性资金"


class Project(models.Model):
    """An e-government project; it persists across plan years."""

    code = models.CharField("项目编号", max_length=30, unique=True)
    name = models.CharField("项目名称", max_length=200)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="projects", verbose_name="申报单位")
    # 第二条, 第三条
    category = models.CharField(
        "项目类别", max_length=30, choices=Category.choices, default=Category.APPLICATION_SYSTEM
    )
    work_kind = models.CharField("建设类型", max_length=20, choices=WorkKind.choices, default=WorkKind.NEW)
    fiscal_share = models.CharField("财政性资金", max_length=10, choices=FiscalShare.choices, default=FiscalShare.WHOLE)
    capital_subproject = models.BooleanField("大型基建项目中的电子政务子项目", default=False)
    capital_project_name = models.CharField("所属基建项目名称", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "项目"
        verbose_name_plural = "项目"
        constraints = [
            models.CheckConstraint(
                condition=Q(capital_subproject=False) | ~Q(capital_project_name=""),
                name="capital_subproject_names_its_project",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Step(models.Model):
    """A step the one engine took on a record of any workflow: a transition (source → target) or a
    within-stage activity (source = target), with the reason the party gave. The business record of who
    decided what and why; the audit chain keeps the same facts tamper-evidently for the auditors."""

    owner_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    workflow = models.CharField("流程", max_length=40)
    action = models.CharField("操作", max_length=60)
    source = models.CharField("原状态", max_length=30)
    target = models.CharField("新状态", max_length=30)
    reason = models.TextField("理由/意见", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField("时间")

    class Meta:
        ordering = ["taken_at", "id"]
        verbose_name = "办理步骤"
        verbose_name_plural = "办理步骤"
        indexes = [models.Index(fields=["owner_type", "owner_id", "action"], name="step_owner_action")]

    def __str__(self):
        return f"{self.workflow}.{self.action}"

    @property
    def transition(self):
        """The table's transition or activity this step took (None for a step no longer in the table)."""
        workflow = WORKFLOWS.get(self.workflow)
        if workflow is None:
            return None
        return next((s for s in (*workflow.transitions, *workflow.activities) if s.name == self.action), None)
