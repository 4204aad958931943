"""Operations of an accepted e-government project (第二十二条 to 第二十四条) and the Audit bureau's final audit
(第二十一条). Each stateful record names its workflow (egovpm.operations.workflow)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q

from egovpm.core.validators import validate_visible_text
from egovpm.documents.models import Document

from .domain import INCIDENT_KINDS, MODES, SEVERITIES
from .workflow import FINAL_AUDIT, OPERATION


def _documents(name: str) -> GenericRelation:
    return GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name=name
    )


class Operation(models.Model):
    """第二十二条 项目建设单位负责制: the project's operation, kept by its unit — the 运行机构, the 管理制度 (a
    document of kind management_rules), how the O&M costs are ensured, and the O&M mode in force
    (第二十三条; every setting is appended to ModeRecord)."""

    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, related_name="operation")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    stage = models.CharField("状态", max_length=30, choices=OPERATION.choices(), default=OPERATION.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    operating_body = models.CharField("项目运行机构", max_length=200, validators=[validate_visible_text])
    cost_assurance = models.TextField("运行维护费用落实情况", validators=[validate_visible_text])
    mode = models.CharField("运行维护方式", max_length=20, choices=MODES, blank=True)
    entrusted_body = models.CharField("受委托的运行维护机构", max_length=200, blank=True)
    entrusted_qualification = models.CharField("受委托机构的资质", max_length=200, blank=True)
    procurement = models.ForeignKey(
        "procurement.Procurement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="外包运维的政府采购",
    )
    started_on = models.DateField("投入运行日期", null=True, blank=True)
    retired_on = models.DateField("停止运行日期", null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("登记时间")
    documents = _documents("operation")

    workflow = OPERATION

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = "运行维护"
        verbose_name_plural = "运行维护"
        constraints = [
            models.CheckConstraint(condition=~Q(operating_body=""), name="operation_names_its_body"),
            models.CheckConstraint(condition=~Q(cost_assurance=""), name="operation_states_its_costs"),
            models.CheckConstraint(
                condition=~Q(mode="centralized") | (~Q(entrusted_body="") & ~Q(entrusted_qualification="")),
                name="centralized_operation_names_a_qualified_body",
            ),
            models.CheckConstraint(
                condition=~Q(mode="outsourced") | Q(procurement__isnull=False),
                name="outsourced_operation_is_procured",
            ),
            models.CheckConstraint(
                condition=Q(stage="awaiting_operation") | Q(started_on__isnull=False),
                name="operation_started_has_a_date",
            ),
        ]

    def __str__(self):
        return f"运行维护·{self.project}"


class ModeRecord(models.Model):
    """第二十三条: one setting of the O&M mode, append-only — the first choice and every change after, with
    its reason. The Operation holds the mode in force; this is its history."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="mode_records")
    number = models.PositiveSmallIntegerField("序号")
    mode = models.CharField("运行维护方式", max_length=20, choices=MODES)
    previous_mode = models.CharField("原运行维护方式", max_length=20, choices=MODES, blank=True)
    entrusted_body = models.CharField("受委托的运行维护机构", max_length=200, blank=True)
    entrusted_qualification = models.CharField("受委托机构的资质", max_length=200, blank=True)
    procurement = models.ForeignKey(
        "procurement.Procurement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("确定或变更的理由", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["operation", "number"]
        verbose_name = "运行维护方式记录"
        verbose_name_plural = "运行维护方式记录"
        constraints = [
            models.UniqueConstraint(fields=["operation", "number"], name="mode_record_numbered_once"),
            models.CheckConstraint(
                condition=~Q(mode="centralized") | (~Q(entrusted_body="") & ~Q(entrusted_qualification="")),
                name="mode_record_centralized_names_a_qualified_body",
            ),
            models.CheckConstraint(
                condition=~Q(mode="outsourced") | Q(procurement__isnull=False),
                name="mode_record_outsourced_is_procured",
            ),
        ]

    def __str__(self):
        return f"{self.get_mode_display()}（{self.number}）"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("mode records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("mode records are append-only")


class OperationIncident(models.Model):
    """An incident in operation (a security incident, an outage…) recorded against the project, kept by
    project and year for the in-use evaluation (第二十八条) and accountability (第三十条)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="incidents")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="operation_incidents")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    kind = models.CharField("事件类型", max_length=20, choices=INCIDENT_KINDS)
    severity = models.CharField("严重程度", max_length=20, choices=SEVERITIES)
    occurred_at = models.DateTimeField("发生时间")
    resolved_at = models.DateTimeField("处置完成时间", null=True, blank=True)
    description = models.TextField("事件经过", validators=[validate_visible_text])
    measures = models.TextField("采取的措施", validators=[validate_visible_text])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "运行事件"
        verbose_name_plural = "运行事件"
        indexes = [models.Index(fields=["project", "occurred_at"], name="incident_by_project_time")]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="incident_has_description"),
            models.CheckConstraint(condition=~Q(measures=""), name="incident_has_measures"),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("occurred_at")),
                name="incident_resolved_after_it_occurred",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.project}"


class FinalAudit(models.Model):
    """第二十一条 市审计部门: the Audit bureau's 竣工决算审计 of an accepted project, with its findings and its
    conclusion. One per project."""

    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, related_name="final_audit")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    scope = models.TextField("审计安排", validators=[validate_visible_text])
    stage = models.CharField("状态", max_length=20, choices=FINAL_AUDIT.choices(), default=FINAL_AUDIT.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    conclusion = models.TextField("审计结论", blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("开始时间")
    documents = _documents("final_audit")

    workflow = FINAL_AUDIT

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = "竣工决算审计"
        verbose_name_plural = "竣工决算审计"
        constraints = [
            models.CheckConstraint(condition=~Q(scope=""), name="final_audit_has_scope"),
            models.CheckConstraint(condition=~Q(stage="closed") | ~Q(conclusion=""), name="final_audit_concludes"),
        ]

    def __str__(self):
        return f"竣工决算审计·{self.project}"


class AuditFinding(models.Model):
    """What the final audit found, with its evidence (documents)."""

    final_audit = models.ForeignKey(FinalAudit, on_delete=models.PROTECT, related_name="findings")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    description = models.TextField("审计发现", validators=[validate_visible_text])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")
    documents = _documents("audit_finding")

    class Meta:
        ordering = ["final_audit", "recorded_at", "id"]
        verbose_name = "审计发现"
        verbose_name_plural = "审计发现"
        constraints = [models.CheckConstraint(condition=~Q(description=""), name="audit_finding_has_description")]

    def __str__(self):
        return self.description[:30]
