from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from egovpm.documents.models import Document
from egovpm.intake.models import Declaration
from egovpm.lifecycle.workflows import FILING
from egovpm.projects.models import MONEY, Project


class Filing(models.Model):
    """第十条: a project arranged by a higher authority, or started by a department on its own outside
    the annual plan, filed with a copy to the Office. Its stage moves through the FILING workflow."""

    class Kind(models.TextChoices):
        HIGHER_AUTHORITY = "higher_authority", "上级机关安排建设"
        SELF_INITIATED = "self_initiated", "部门自主立项"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="filings")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="filings", verbose_name="申报单位")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    higher_authority = models.CharField("安排建设的上级机关", max_length=200, blank=True)
    approval_reference = models.CharField("批准或立项文件", max_length=200)
    needs_matching_funds = models.BooleanField("需要市财政配套资金", default=False)
    matching_amount = models.DecimalField("需市财政配套（万元）", **MONEY, null=True, blank=True)
    total_investment = models.DecimalField("总投资（万元）", **MONEY)
    description = models.TextField("建设内容和有关情况")
    stage = models.CharField("状态", max_length=20, choices=FILING.choices(), default=FILING.initial, db_index=True)
    stage_changed_at = models.DateTimeField("状态变更时间")
    filed_at = models.DateTimeField("备案时间")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    routed_declaration = models.OneToOneField(
        Declaration, null=True, blank=True, on_delete=models.PROTECT, related_name="filing"
    )
    documents = GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name="filing"
    )

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = "备案"
        verbose_name_plural = "备案"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="self_initiated") | ~Q(higher_authority=""), name="higher_filing_names_authority"
            ),
            models.CheckConstraint(
                condition=Q(needs_matching_funds=False) | Q(matching_amount__gt=0),
                name="matching_funds_have_an_amount",
            ),
        ]

    # Its audit history began in intake (the hash-chained events are never rewritten; audit.models.object_type_of).
    audit_type = "intake.filing"

    def __str__(self):
        return f"备案·{self.project.name}"

    @property
    def workflow(self):
        return FILING

    @property
    def stage_info(self):
        return FILING.stage(self.stage)
