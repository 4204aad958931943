"""Supervision of e-government projects: the supervision firm's qualification and engagement (第十三条),
its reports, the information the 项目审批部门 and the departments concerned ask for (第十七条), the
Office's inspections with their findings and rectification orders, and the sanctions that follow an
order not met (第十八条). Each stateful record names its workflow (egovpm.supervision.workflows)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q

from egovpm.core.validators import validate_visible_text
from egovpm.documents.models import Document

from .domain import INSPECTION_AREAS
from .workflows import INFORMATION_REQUEST, INSPECTION, RECTIFICATION, SUPERVISION


def _documents(name: str) -> GenericRelation:
    return GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name=name
    )


class FirmQualification(models.Model):
    """第十三条 具有信息工程监理相应资质: one certificate of a supervision firm, valid for a period (both days
    included). A renewal is a new row; none is changed or removed."""

    class Grade(models.TextChoices):
        CLASS_A = "class_a", "甲级"
        CLASS_B = "class_b", "乙级"
        CLASS_C = "class_c", "丙级"

    firm = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="firm_qualifications", verbose_name="监理单位"
    )
    grade = models.CharField("资质等级", max_length=20, choices=Grade.choices)
    certificate_number = models.CharField("资质证书编号", max_length=60, validators=[validate_visible_text])
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["firm", "-valid_until", "id"]
        verbose_name = "监理单位资质"
        verbose_name_plural = "监理单位资质"
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")), name="qualification_period_is_whole"),
            models.CheckConstraint(condition=~Q(certificate_number=""), name="qualification_has_certificate"),
            models.UniqueConstraint(fields=["firm", "certificate_number"], name="qualification_certificate_once"),
        ]

    def __str__(self):
        return f"{self.firm} {self.get_grade_display()} {self.certificate_number}"


class Supervision(models.Model):
    """第十三条: the firm the unit entrusted with the project's supervision, with its contract. Made together
    with the project's Participant (role supervision_firm) and ended with it."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="supervisions")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    firm = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="supervisions", verbose_name="监理单位"
    )
    participant = models.OneToOneField(
        "projects.Participant", on_delete=models.PROTECT, related_name="supervision", verbose_name="项目参与方"
    )
    contract_number = models.CharField("监理合同编号", max_length=60, validators=[validate_visible_text])
    contract_signed_on = models.DateField("合同签订日期")
    stage = models.CharField("状态", max_length=20, choices=SUPERVISION.choices(), default=SUPERVISION.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("委托登记时间")
    documents = _documents("supervision")

    workflow = SUPERVISION

    class Meta:
        ordering = ["project", "-created_at", "id"]
        verbose_name = "工程监理委托"
        verbose_name_plural = "工程监理委托"
        constraints = [models.CheckConstraint(condition=~Q(contract_number=""), name="supervision_has_contract")]

    def __str__(self):
        return f"{self.firm}·{self.project}"


class SupervisionReport(models.Model):
    """第十三条: a report the firm files on the project it supervises, for a period."""

    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="reports")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField("报告期自")
    period_end = models.DateField("报告期至")
    findings = models.TextField("监理发现和意见", validators=[validate_visible_text])
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField("报送时间")
    documents = _documents("supervision_report")

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = "监理报告"
        verbose_name_plural = "监理报告"
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_is_whole"),
            models.CheckConstraint(condition=~Q(findings=""), name="report_has_findings"),
        ]

    def __str__(self):
        return f"监理报告 {self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}"


class InformationRequest(models.Model):
    """第十七条: the 项目审批部门, Finance or Audit asks the unit for documents or facts by a date; the unit
    answers on the platform, or the requester records that it refused, hid or misreported them."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="information_requests")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    requester_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="要求单位")
    subject = models.TextField("需提供的资料和情况", validators=[validate_visible_text])
    due = models.DateField("提供期限")
    stage = models.CharField(
        "状态", max_length=20, choices=INFORMATION_REQUEST.choices(), default=INFORMATION_REQUEST.initial
    )
    stage_changed_at = models.DateTimeField("状态变更时间")
    answer = models.TextField("提供的情况说明", blank=True)
    answered_at = models.DateTimeField("提供时间", null=True, blank=True)
    refusal = models.TextField("拒绝、隐匿或瞒报的情况", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("要求时间")
    documents = _documents("information_request")

    workflow = INFORMATION_REQUEST

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "资料和情况调取"
        verbose_name_plural = "资料和情况调取"
        constraints = [
            models.CheckConstraint(condition=~Q(subject=""), name="information_request_has_subject"),
            models.CheckConstraint(
                condition=~Q(stage="answered") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="information_answer_is_whole",
            ),
            models.CheckConstraint(condition=~Q(stage="refused") | ~Q(refusal=""), name="information_refusal_stated"),
        ]

    def __str__(self):
        return f"资料调取·{self.project}"


class Inspection(models.Model):
    """第十八条: an inspection (稽察) of the project by the Office, covering the six areas the article names."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="inspections")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    scope = models.TextField("稽察安排", validators=[validate_visible_text])
    stage = models.CharField("状态", max_length=20, choices=INSPECTION.choices(), default=INSPECTION.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    conclusion = models.TextField("稽察结论", blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("开始时间")
    documents = _documents("inspection")

    workflow = INSPECTION

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = "稽察"
        verbose_name_plural = "稽察"
        constraints = [
            models.CheckConstraint(condition=~Q(scope=""), name="inspection_has_scope"),
            models.CheckConstraint(
                condition=~Q(stage="closed") | ~Q(conclusion=""), name="inspection_closed_concludes"
            ),
        ]

    def __str__(self):
        return f"稽察·{self.project}"


class Finding(models.Model):
    """What the inspection found in one of its areas, with its evidence (documents)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    area = models.CharField("稽察内容", max_length=30, choices=INSPECTION_AREAS)
    description = models.TextField("发现的问题", validators=[validate_visible_text])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")
    documents = _documents("finding")

    class Meta:
        ordering = ["inspection", "recorded_at", "id"]
        verbose_name = "稽察发现"
        verbose_name_plural = "稽察发现"
        constraints = [models.CheckConstraint(condition=~Q(description=""), name="finding_has_description")]

    def __str__(self):
        return f"{self.get_area_display()}：{self.description[:30]}"


class Rectification(models.Model):
    """第十八条 限期整改: the order a finding carries, with the deadline it sets (within the policy's limits,
    supervision.rectification); the unit answers, the Office accepts or rejects."""

    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, related_name="rectification")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="rectifications")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    requirement = models.TextField("整改要求", validators=[validate_visible_text])
    due = models.DateField("整改期限")
    stage = models.CharField("状态", max_length=20, choices=RECTIFICATION.choices(), default=RECTIFICATION.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    answer = models.TextField("整改情况", blank=True)
    answered_at = models.DateTimeField("报送时间", null=True, blank=True)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ordered_at = models.DateTimeField("下达时间")
    documents = _documents("rectification")

    workflow = RECTIFICATION

    class Meta:
        ordering = ["due", "id"]
        verbose_name = "限期整改"
        verbose_name_plural = "限期整改"
        constraints = [
            models.CheckConstraint(condition=~Q(requirement=""), name="rectification_has_requirement"),
            models.CheckConstraint(
                condition=Q(stage="ordered") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="rectification_answer_is_whole",
            ),
        ]

    def __str__(self):
        return f"限期整改·{self.project}（{self.due:%Y-%m-%d}）"


class Sanction(models.Model):
    """第十八条 对拒不整改或整改后仍不符合要求的: the Office's decision on an order not met. A criticism is a
    record against the unit (shown where its declarations are judged); the other three place the project's
    Restriction, which the Office lifts with a reason (projects.services.restriction_lift)."""

    class Kind(models.TextChoices):
        CRITICISM = "criticism", "通报批评"
        WITHHOLD_FUNDS = "withhold_funds", "暂缓拨付建设资金"
        SUSPEND = "suspend", "暂停项目建设"
        TERMINATE = "terminate", "终止项目"

    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="sanctions")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="sanctions")
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="sanctions", verbose_name="项目建设单位"
    )
    kind = models.CharField("处理", max_length=20, choices=Kind.choices)
    reason = models.TextField("理由", validators=[validate_visible_text])
    restriction = models.OneToOneField(
        "projects.Restriction", null=True, blank=True, on_delete=models.PROTECT, related_name="sanction"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "处理决定"
        verbose_name_plural = "处理决定"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="sanction_has_reason"),
            models.CheckConstraint(
                condition=Q(kind="criticism", restriction__isnull=True)
                | (~Q(kind="criticism") & Q(restriction__isnull=False)),
                name="sanction_restricts_unless_criticism",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.project}"
