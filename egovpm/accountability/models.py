"""第三十条: a violation recorded against a project and its unit, with its evidence and the measures taken.
Each violation names its workflow (egovpm.accountability.workflow)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from egovpm.core.validators import validate_visible_text
from egovpm.documents.models import Document

from .domain import KIND_BY_CODE, KIND_CHOICES, MEASURES
from .workflow import VIOLATION


class Violation(models.Model):
    """A violation of 第三十条, proposed by the platform (a detector found it in the records) or by the Office,
    confirmed or dismissed by the Office with a reason."""

    class Source(models.TextChoices):
        DETECTED = "detected", "平台自动发现"
        OFFICE = "office", "办公室登记"

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="violations")
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="violations", verbose_name="项目建设单位"
    )
    kind = models.CharField("违规行为", max_length=30, choices=KIND_CHOICES)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    facts = models.TextField("违规事实和证据", validators=[validate_visible_text])
    stage = models.CharField("状态", max_length=20, choices=VIOLATION.choices(), default=VIOLATION.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    decision_reason = models.TextField("认定意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("认定时间", null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField("提出时间")
    documents = GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name="violation"
    )

    workflow = VIOLATION

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = "违规行为"
        verbose_name_plural = "违规行为"
        constraints = [
            models.CheckConstraint(condition=~Q(facts=""), name="violation_has_facts"),
            models.CheckConstraint(
                condition=Q(stage="proposed") | (~Q(decision_reason="") & Q(decided_at__isnull=False)),
                name="violation_decision_is_whole",
            ),
            # Idempotent proposals: one open proposal per project and kind.
            models.UniqueConstraint(
                fields=["project", "kind"], condition=Q(stage="proposed"), name="violation_one_open_proposal"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.project}"

    @property
    def article(self) -> str:
        return KIND_BY_CODE[self.kind].article


class Measure(models.Model):
    """第三十条: what the Office did about a confirmed violation. A disciplinary or criminal referral names
    the persons with direct responsibility; their names are read in full by the Office and Audit only
    (domain.masked_persons)."""

    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="measures")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    kind = models.CharField("处理", max_length=30, choices=MEASURES)
    persons = models.TextField("负有直接责任的主管人员和其他责任人员", blank=True)
    authority = models.CharField("移交或提请的部门", max_length=200, blank=True)
    description = models.TextField("处理决定", validators=[validate_visible_text])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "违规处理"
        verbose_name_plural = "违规处理"
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="measure_has_description"),
            models.CheckConstraint(
                condition=Q(kind="criticism") | (~Q(persons="") & ~Q(authority="")),
                name="measure_referral_names_persons",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.project}"


class Classification(models.Model):
    """第三十一条 涉及国家秘密和国家有专门规定的: the project is marked classified — by the Office on the Secrecy
    bureau's (市保密局) word. (A declaration whose 附件2 密级 note names a classification marks it too, read by
    selectors.is_classified.) The platform then keeps its existence, unit and stage only, and refuses uploads."""

    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, related_name="classification")
    basis = models.TextField("标记依据", validators=[validate_visible_text])
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField("标记时间")

    class Meta:
        verbose_name = "涉密项目标记"
        verbose_name_plural = "涉密项目标记"
        constraints = [models.CheckConstraint(condition=~Q(basis=""), name="classification_has_basis")]

    def __str__(self):
        return f"涉密·{self.project}"


class SecrecyGuidance(models.Model):
    """第三十一条 按有关规定办理: the Secrecy bureau's guidance (保密指导) on a classified project, as recorded
    (its procedure, never classified content)."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="secrecy_guidance")
    guidance = models.TextField("保密指导意见", validators=[validate_visible_text])
    given_on = models.DateField("指导日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = "保密指导"
        verbose_name_plural = "保密指导"
        constraints = [models.CheckConstraint(condition=~Q(guidance=""), name="guidance_has_text")]

    def __str__(self):
        return f"保密指导·{self.project}"
