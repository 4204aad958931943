from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", "项目建议书（附件2）"
    STATUS_STATEMENT = "status_statement", "项目状况说明书"
    BUDGET_LIST = "budget_list", "预算清单"
    FEASIBILITY_REPORT = "feasibility_report", "可行性研究报告（附件3）"
    EXPERT_OPINION = "expert_opinion", "专家初步论证意见"
    SPECIAL_LETTER = "special_letter", "启动特殊申报程序申请书"
    SPECIAL_MATERIAL = "special_material", "特殊申报指定材料"
    HIGHER_APPROVAL = "higher_approval", "上级机关批准文件"
    CITY_APPROVAL = "city_approval", "市政府批准文件"
    # 第十一条 to 第十六条 (construction)
    PRELIMINARY_DESIGN = "preliminary_design", "初步设计方案"
    MANAGEMENT_RULES = "management_rules", "项目管理制度"
    SHARING_EVIDENCE = "sharing_evidence", "接入共享交换平台的证明材料"
    CONSTRUCTION_REPORT = "construction_report", "建设情况报告"
    # 第十一条 (procurement): a contract's text, a software licence's evidence
    CONTRACT = "contract", "建设合同文本"
    SOFTWARE_LICENCE = "software_licence", "正版软件授权证明"
    SUPERVISION_CONTRACT = "supervision_contract", "监理合同"
    SUPERVISION_REPORT = "supervision_report", "监理报告"
    INFORMATION_ANSWER = "information_answer", "提供的资料"
    INSPECTION_EVIDENCE = "inspection_evidence", "稽察证据"
    VIOLATION_EVIDENCE = "violation_evidence", "违规行为证据（第三十条）"
    RECTIFICATION_EVIDENCE = "rectification_evidence", "整改证明材料"
    # 第十九条, 第二十条, 附件4 (acceptance): the typed reports of initial acceptance and the application
    SINGLE_ITEM_REPORT = "single_item_report", "单项或专项验收报告"
    RISK_ASSESSMENT_REPORT = "risk_assessment_report", "信息安全风险评估报告"
    INITIAL_ACCEPTANCE_REPORT = "initial_acceptance_report", "初步验收报告"
    CONSTRUCTION_SUMMARY = "construction_summary", "项目建设总结"
    FINANCIAL_DETAILS = "financial_details", "项目财务明细"
    MLPS_ASSESSMENT_REPORT = "mlps_assessment_report", "等级测评报告"
    BUDGET_EXECUTION_REPORT = "budget_execution_report", "预算执行情况报告和初步的财务决算"
    ARCHIVE_LIST = "archive_list", "档案文件清单"
    OTHER = "other", "其他附件"


def _upload_to(instance, filename):
    return f"projects/{instance.project_id}/{instance.kind}/{instance.sha256[:16]}-{filename}"


class DocumentQuerySet(models.QuerySet):
    def of(self, owner) -> DocumentQuerySet:
        """The documents attached to `owner` (a declaration, a filing, any later stage's record)."""
        return self.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)


class Document(models.Model):
    """An uploaded file, attached to the record it belongs to (its owner: a declaration, a filing, a
    later stage's record) and always to that record's project. Versions of one kind accumulate per
    owner; the newest is current. Stored outside the web roots, served only by documents.views.download."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="documents")
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField("所属记录 ID")
    owner = GenericForeignKey("owner_type", "owner_id")
    kind = models.CharField("材料类型", max_length=30, choices=DocumentKind.choices)
    file = models.FileField("文件", upload_to=_upload_to, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=120)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    version = models.PositiveIntegerField("版本", default=1)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = "文件"
        verbose_name_plural = "文件"
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "kind", "version"], name="unique_document_version"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}：{self.original_name}"


class OutlineCheck(models.Model):
    """What the outline check (documents.completeness) found in one uploaded version of a proposal (附件2) or
    a feasibility study report (附件3): the required sections and annexes it lacks, or why it could not be
    read. Shown to the unit before it submits and to the reviewers beside the document; findings warn, they
    do not block (docs/documents.md). The Office may accept a version with findings, with its reason."""

    class Status(models.TextChoices):
        CHECKED = "checked", "已检查"
        NO_TEXT = "no_text", "PDF 无文字层"
        UNSUPPORTED = "unsupported", "格式无法检查"
        UNREADABLE = "unreadable", "无法读取"

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="outline_check")
    status = models.CharField("检查结果", max_length=20, choices=Status.choices)
    message = models.CharField("说明", max_length=300, blank=True)
    # [{"code": "3", "label": "第三章 项目建设的必要性"}], in the outline's order
    missing_sections = models.JSONField("缺少的章节", default=list, blank=True)
    missing_annexes = models.JSONField("缺少的附件", default=list, blank=True)
    headings_found = models.PositiveIntegerField("识别的章节数", default=0)
    # missing sections + missing annexes, + 1 when the file could not be checked: what lists ask (Exists)
    findings = models.PositiveIntegerField("缺项数", default=0)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField("接受时间", null=True, blank=True)
    accept_reason = models.TextField("接受理由", blank=True)

    class Meta:
        verbose_name = "章节完整性检查"
        verbose_name_plural = "章节完整性检查"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(accepted_at__isnull=True, accepted_by__isnull=True, accept_reason="")
                    | (models.Q(accepted_at__isnull=False, accepted_by__isnull=False) & ~models.Q(accept_reason=""))
                ),
                name="outline_check_accepted_with_reason",
            )
        ]

    def __str__(self):
        return f"{self.document}：{self.get_status_display()}"

    @property
    def has_findings(self) -> bool:
        return self.status != self.Status.CHECKED or bool(self.missing_sections or self.missing_annexes)

    @property
    def summary(self) -> str:
        """The findings in one sentence, as the unit and the reviewers read them."""
        if self.status != self.Status.CHECKED:
            return self.message
        parts = []
        if self.missing_sections:
            parts.append(
                f"缺少 {len(self.missing_sections)} 个必备章节：" + "；".join(s["label"] for s in self.missing_sections)
            )
        if self.missing_annexes:
            parts.append("缺少附件：" + "、".join(self.missing_annexes))
        return "。".join(parts) + "。" if parts else "未发现缺少的必备章节和附件。"

    @property
    def open_findings(self) -> bool:
        """Findings nobody has accepted yet."""
        return self.has_findings and self.accepted_at is None
