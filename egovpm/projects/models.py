"""The project: the aggregate of an e-government project's whole life (第二条 onwards). Each stage (intake,
construction, acceptance, operations, evaluation) is an app around it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import F, Q

from egovpm.core.validators import validate_visible_text
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


class Participant(models.Model):
    """A party to the project beyond its unit and the unit's supervising department (both implicit): the
    项目审批部门 when it is not the Office (第十四条), the supervision firm (第十三条), a third-party assessor
    (第二十五条). Assigned and ended by the Office, never deleted."""

    class Role(models.TextChoices):
        APPROVING_DEPARTMENT = "approving_department", "项目审批部门"
        SUPERVISION_FIRM = "supervision_firm", "监理单位"
        ASSESSOR = "assessor", "第三方机构"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="participants")
    role = models.CharField("参与方", max_length=30, choices=Role.choices)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    reason = models.TextField("依据或说明")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField("确定时间")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["project", "role", "assigned_at", "id"]
        verbose_name = "项目参与方"
        verbose_name_plural = "项目参与方"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="participant_has_reason"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, ended_by__isnull=True)
                | Q(ended_at__isnull=False, ended_by__isnull=False),
                name="participant_end_is_whole",
            ),
            models.UniqueConstraint(
                fields=["project", "role", "unit"], condition=Q(ended_at__isnull=True), name="participant_once"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="approving_department", ended_at__isnull=True),
                name="one_approving_department",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}·{self.unit}"


class Restriction(models.Model):
    """What a sanction of 第十八条 places on the project until the Office lifts it: withheld construction
    funds block payments, a suspension blocks every construction action, a termination is final."""

    class Kind(models.TextChoices):
        WITHHOLD_FUNDS = "withhold_funds", "暂缓拨付建设资金"
        SUSPEND = "suspend", "暂停项目建设"
        TERMINATE = "terminate", "终止项目"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="restrictions")
    kind = models.CharField("限制", max_length=20, choices=Kind.choices)
    article = models.CharField("依据条款", max_length=30)
    reason = models.TextField("理由")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField("决定时间")
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField("解除时间", null=True, blank=True)
    lift_reason = models.TextField("解除理由", blank=True)

    class Meta:
        ordering = ["project", "placed_at", "id"]
        verbose_name = "项目限制措施"
        verbose_name_plural = "项目限制措施"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="restriction_has_reason"),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True, lift_reason="")
                | (Q(lifted_at__isnull=False, lifted_by__isnull=False) & ~Q(lift_reason="")),
                name="restriction_lift_is_whole",
            ),
            models.CheckConstraint(
                condition=~Q(kind="terminate") | Q(lifted_at__isnull=True), name="termination_is_final"
            ),
            models.UniqueConstraint(
                fields=["project", "kind"], condition=Q(lifted_at__isnull=True), name="one_restriction_of_a_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.project}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class DeadlineExtension(models.Model):
    """The Office extends one deadline of one object (第二十条's 延期验收申请, or any deadline of the policy):
    the object is generic (content type and id) because deadlines belong to different records — the
    feasibility deadline to a declaration of one plan year, initial acceptance to the project, a
    rectification deadline to the order — and one table and one selector serve them all. Append-only: a
    later extension supersedes the earlier; none is changed or removed."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+", verbose_name="对象类型"
    )
    object_id = models.PositiveBigIntegerField("对象编号")
    obj = GenericForeignKey("content_type", "object_id")
    # The policy's qualified key, e.g. intake.feasibility, acceptance.initial_acceptance.
    key = models.CharField("截止期限", max_length=80)
    previous_due = models.DateField("原截止日期")
    due = models.DateField("延长至")
    reason = models.TextField("延期理由", validators=[validate_visible_text])
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="批准人"
    )
    granted_at = models.DateTimeField("批准时间")

    class Meta:
        ordering = ["granted_at", "pk"]
        verbose_name = "截止期限延期"
        verbose_name_plural = "截止期限延期"
        indexes = [models.Index(fields=["content_type", "object_id", "key"], name="deadline_extension_of")]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="deadline_extension_has_a_reason"),
            models.CheckConstraint(condition=~Q(key=""), name="deadline_extension_names_its_deadline"),
            models.CheckConstraint(condition=Q(due__gt=F("previous_due")), name="deadline_extension_moves_later"),
        ]

    def __str__(self):
        return f"{self.key} → {self.due:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("deadline extensions are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("deadline extensions are append-only")
