from django.conf import settings
from django.db import models
from django.db.models import Q

from egovpm.intake.models import Declaration, PlanYear


class CoordinatedItem(models.Model):
    """第六条: an item of the Office's citywide coordinated plan of infrastructure systems."""

    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="coordinated_items")
    name = models.CharField("统筹建设内容", max_length=200)
    area = models.CharField("基础性系统类别", max_length=20)
    description = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")

    class Meta:
        ordering = ["plan_year", "area", "name"]
        verbose_name = "统筹建设事项"
        verbose_name_plural = "统筹建设事项"

    # Its audit history began in intake (the hash-chained events are never rewritten; audit.models.object_type_of).
    audit_type = "intake.coordinateditem"

    def __str__(self):
        return f"{self.plan_year.year}年度统筹·{self.name}"


class InfrastructureDecision(models.Model):
    """第六条: the Office's decision on a flagged declaration: folded into the coordinated plan, or
    admitted as a standalone project with its reason."""

    class Decision(models.TextChoices):
        COORDINATED = "coordinated", "纳入办公室统筹建设"
        STANDALONE = "standalone", "同意单独立项"

    declaration = models.OneToOneField(Declaration, on_delete=models.PROTECT, related_name="infrastructure_decision")
    decision = models.CharField("决定", max_length=20, choices=Decision.choices)
    reason = models.TextField("理由")
    coordinated_item = models.ForeignKey(
        CoordinatedItem, null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")

    class Meta:
        verbose_name = "基础性系统统筹决定"
        verbose_name_plural = "基础性系统统筹决定"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="infrastructure_decision_has_reason"),
            models.CheckConstraint(
                condition=Q(decision="standalone", coordinated_item__isnull=True)
                | Q(decision="coordinated", coordinated_item__isnull=False),
                name="coordinated_decision_names_its_item",
            ),
        ]

    audit_type = "intake.infrastructuredecision"  # as CoordinatedItem's

    def __str__(self):
        return f"{self.get_decision_display()}·{self.declaration}"
