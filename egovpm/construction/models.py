"""The construction phase of a project (第十一条 to 第十六条): one Construction per project holding the stage
of the CONSTRUCTION workflow, the responsibility of 第十二条 (versioned), the estimate baseline of 第十四条
(versioned, by item), progress reports, design changes, adjustment requests, incidents of 第十五条 and the
connection to the city's sharing and exchange platform of 第十六条. Models hold data and what the
database can keep; the rules live in domain.py and services.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q

from egovpm.core.money import ZERO
from egovpm.core.sealed import SealedCharField
from egovpm.documents.models import Document

from .workflow import CONSTRUCTION

MONEY = {"max_digits": 14, "decimal_places": 2}


def _documents(name: str) -> GenericRelation:
    return GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name=name
    )


class EstimateItemKind(models.TextChoices):
    """The items of an investment estimate (投资概算), each a separate amount in 万元."""

    HARDWARE = "hardware", "硬件"
    SOFTWARE = "software", "软件"
    DEVELOPMENT = "development", "开发"
    INTEGRATION = "integration", "集成"
    SUPERVISION = "supervision", "监理"
    OTHER = "other", "其他"


class WithItems:
    """A record with amounts by estimate item (`items`): its total in 万元."""

    @property
    def total(self):
        return sum((item.amount for item in self.items.all()), ZERO)

    @property
    def items_in_order(self) -> list:
        """The items in the order of EstimateItemKind (硬件, 软件, 开发…)."""
        order = {kind: i for i, kind in enumerate(EstimateItemKind.values)}
        return sorted(self.items.all(), key=lambda item: order[item.kind])


class ItemAmount(models.Model):
    """An item of an estimate (投资概算) and its amount in 万元, not negative; at most one per kind in its
    estimate or adjustment request."""

    kind = models.CharField("概算项目", max_length=20, choices=EstimateItemKind.choices)
    description = models.CharField("内容说明", max_length=200, blank=True)
    amount = models.DecimalField("金额（万元）", **MONEY)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


def _item_constraints(owner: str) -> list:
    return [
        models.UniqueConstraint(fields=[owner, "kind"], name=f"{owner}_item_kind_once"),
        models.CheckConstraint(condition=Q(amount__gte=0), name=f"{owner}_item_amount_not_negative"),
    ]


class Construction(models.Model):
    """The record of a project's construction phase: opened by its unit once the project is funded."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.PROTECT, related_name="construction", verbose_name="项目"
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    stage = models.CharField("状态", max_length=30, choices=CONSTRUCTION.choices(), default=CONSTRUCTION.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    # 第十一条, 第三十一条: a project involving state secrets keeps its records but stores no content.
    involves_secrets = models.BooleanField("涉及国家秘密", default=False)
    planned_end_date = models.DateField("计划完成日期")
    started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("建设完成日期", null=True, blank=True)
    # 第十六条: why the connection to the sharing and exchange platform does not apply, recorded by the Office.
    sharing_exemption = models.TextField("不适用接入共享交换平台的理由", blank=True)
    sharing_exempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sharing_exempted_at = models.DateTimeField("记录时间", null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("开始建设准备时间")
    documents = _documents("construction")

    workflow = CONSTRUCTION

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = "项目建设"
        verbose_name_plural = "项目建设"
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="preparing") | Q(started_on__isnull=False), name="construction_started_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(stage="construction_completed") | Q(completed_on__isnull=False),
                name="construction_completed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="construction_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(sharing_exemption="", sharing_exempted_at__isnull=True)
                | (~Q(sharing_exemption="") & Q(sharing_exempted_at__isnull=False)),
                name="construction_sharing_exemption_is_whole",
            ),
        ]

    def __str__(self):
        return f"{self.project}·{self.get_stage_display()}"


class Responsibility(models.Model):
    """第十二条 责任制: the implementation body, the project leader and the 主管领导 who 负总责 for progress,
    quality, funds and operation. Versioned: a change is a new version, the earlier ones stay."""

    construction = models.ForeignKey(Construction, on_delete=models.PROTECT, related_name="responsibilities")
    version = models.PositiveSmallIntegerField("版本")
    implementation_body = models.CharField("项目实施机构", max_length=200)
    leader_name = models.CharField("项目负责人", max_length=50)
    leader_phone = SealedCharField("项目负责人联系电话", max_length=30)  # sealed at rest (core.sealed)
    responsible_leader = models.CharField("负总责的主管领导", max_length=50)
    responsible_leader_title = models.CharField("主管领导职务", max_length=60)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["construction", "-version"]
        verbose_name = "项目责任制"
        verbose_name_plural = "项目责任制"
        constraints = [
            models.UniqueConstraint(fields=["construction", "version"], name="responsibility_version_once"),
            models.CheckConstraint(
                condition=~Q(implementation_body="") & ~Q(leader_name="") & ~Q(responsible_leader=""),
                name="responsibility_names_everyone",
            ),
        ]

    def __str__(self):
        return f"v{self.version} {self.implementation_body}·{self.leader_name}"


class EstimateStatus(models.TextChoices):
    SUBMITTED = "submitted", "待核定"
    APPROVED = "approved", "已核定"
    RETURNED = "returned", "已退回"


class Estimate(WithItems, models.Model):
    """第十四条 初步设计方案和投资概算, one version each: the unit submits, the 项目审批部门 approves (the
    latest approved version is the baseline) or returns it with a reason; an approved adjustment
    request creates the next approved version."""

    construction = models.ForeignKey(Construction, on_delete=models.PROTECT, related_name="estimates")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="estimates")
    version = models.PositiveSmallIntegerField("版本")
    status = models.CharField("状态", max_length=20, choices=EstimateStatus.choices, default=EstimateStatus.SUBMITTED)
    design_summary = models.TextField("初步设计方案（摘要）")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("核定时间", null=True, blank=True)
    returned_reason = models.TextField("退回理由", blank=True)
    # The approved adjustment request this version comes from (None for a version the unit submitted).
    adjustment = models.OneToOneField(
        "Adjustment", null=True, blank=True, on_delete=models.PROTECT, related_name="estimate"
    )
    documents = _documents("estimate")

    class Meta:
        ordering = ["construction", "-version"]
        verbose_name = "投资概算"
        verbose_name_plural = "投资概算"
        constraints = [
            models.UniqueConstraint(fields=["construction", "version"], name="estimate_version_once"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="estimate_approval_is_whole",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(returned_reason=""), name="estimate_return_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.project}·概算v{self.version}"


class EstimateItem(ItemAmount):
    """One item of an estimate version."""

    estimate = models.ForeignKey(Estimate, on_delete=models.PROTECT, related_name="items")

    class Meta:
        ordering = ["estimate", "kind"]
        verbose_name = "概算明细"
        verbose_name_plural = "概算明细"
        constraints = _item_constraints("estimate")


class ProgressReport(models.Model):
    """第十二条: the project leader reports to the 项目审批部门 on design changes, progress and estimate control."""

    construction = models.ForeignKey(Construction, on_delete=models.PROTECT, related_name="progress_reports")
    period_end = models.DateField("报告期截至")
    percent = models.PositiveSmallIntegerField("完成进度（%）")
    milestones = models.TextField("已完成的里程碑")
    issues = models.TextField("存在问题", blank=True)
    design_changes = models.TextField("设计变更情况", blank=True)
    schedule_status = models.TextField("建设进度情况")
    estimate_control = models.TextField("概算控制情况")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("报告时间")
    documents = _documents("progress_report")

    class Meta:
        ordering = ["construction", "-period_end", "-id"]
        verbose_name = "建设进度报告"
        verbose_name_plural = "建设进度报告"
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_at_most_100")]

    def __str__(self):
        return f"{self.period_end:%Y-%m-%d} {self.percent}%"


class AdjustmentStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class Adjustment(WithItems, models.Model):
    """第十四条 调整报告: what changes, why, and the new estimate by item, submitted BEFORE the change; the
    项目审批部门 approves (the next estimate version) or refuses with a reason."""

    construction = models.ForeignKey(Construction, on_delete=models.PROTECT, related_name="adjustments")
    changes = models.TextField("调整内容")
    reason = models.TextField("调整理由")
    status = models.CharField(
        "状态", max_length=20, choices=AdjustmentStatus.choices, default=AdjustmentStatus.SUBMITTED
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("提交时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)
    documents = _documents("adjustment")

    class Meta:
        ordering = ["construction", "-requested_at", "-id"]
        verbose_name = "概算调整报告"
        verbose_name_plural = "概算调整报告"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="submitted", decided_at__isnull=True)
                | (~Q(status="submitted") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="adjustment_decision_is_whole",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(decision_reason=""), name="adjustment_refusal_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.construction.project}·调整报告{self.pk}"


class AdjustmentItem(ItemAmount):
    """The amount an adjustment request proposes for one estimate item."""

    adjustment = models.ForeignKey(Adjustment, on_delete=models.PROTECT, related_name="items")

    class Meta:
        ordering = ["adjustment", "kind"]
        verbose_name = "调整明细"
        verbose_name_plural = "调整明细"
        constraints = _item_constraints("adjustment")


class DesignChange(models.Model):
    """第十二条, 第十四条: a design change the unit reports. A major one made without an approved adjustment
    request is post hoc (事后): the estimate items it overran are recorded, and no later adjustment
    raising them is accepted."""

    construction = models.ForeignKey(Construction, on_delete=models.PROTECT, related_name="design_changes")
    description = models.TextField("变更内容")
    major = models.BooleanField("重大设计变更", default=False)
    # The estimate items the change touches (EstimateItemKind values).
    items = models.JSONField("涉及的概算项目", default=list, blank=True)
    adjustment = models.ForeignKey(
        Adjustment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="design_changes",
        verbose_name="已批准的调整报告",
    )
    post_hoc = models.BooleanField("未经批准（事后报告）", default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("报告时间")

    class Meta:
        ordering = ["construction", "-reported_at", "-id"]
        verbose_name = "设计变更"
        verbose_name_plural = "设计变更"
        constraints = [
            models.CheckConstraint(
                condition=~Q(post_hoc=True) | Q(major=True, adjustment__isnull=True), name="design_change_post_hoc"
            )
        ]

    def __str__(self):
        return self.description[:40]


class IncidentKind(models.TextChoices):
    SERIOUS_DELAY = "serious_delay", "工程严重逾期"
    MAJOR_LOSS = "major_loss", "投资重大损失"
    OTHER = "other", "其他重大问题"


class Incident(models.Model):
    """第十五条: the unit reports a serious delay or a major loss to the 项目审批部门."""

    construction = models.ForeignKey(Construction, on_delete=models.PROTECT, related_name="incidents")
    kind = models.CharField("问题类型", max_length=20, choices=IncidentKind.choices)
    occurred_on = models.DateField("发生日期")
    description = models.TextField("情况说明")
    measures = models.TextField("已采取的措施", blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("报告时间")

    class Meta:
        ordering = ["construction", "-reported_at", "-id"]
        verbose_name = "严重逾期、重大损失报告"
        verbose_name_plural = "严重逾期、重大损失报告"

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"


class SharingConnection(models.Model):
    """第十六条: the project's system connected to 市政务信息资源共享交换平台, with its evidence: the date, the
    interface and the catalog entries it serves."""

    construction = models.ForeignKey(Construction, on_delete=models.PROTECT, related_name="sharing_connections")
    connected_on = models.DateField("接入日期")
    interface = models.CharField("接口说明", max_length=300)
    catalog_entries = models.ManyToManyField(
        "catalog.ResourceCatalogEntry", related_name="+", blank=True, verbose_name="服务的资源目录"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    documents = _documents("sharing_connection")

    class Meta:
        ordering = ["construction", "-connected_on", "-id"]
        verbose_name = "共享交换平台接入"
        verbose_name_plural = "共享交换平台接入"
        constraints = [models.CheckConstraint(condition=~Q(interface=""), name="sharing_names_its_interface")]

    def __str__(self):
        return f"{self.connected_on:%Y-%m-%d} {self.interface}"
