"""Performance evaluation (第二十五条 to 第二十九条): the versioned criteria with their concurrences, and the
evaluations with their scores. Each stateful record names its workflow (egovpm.evaluation.workflow)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from egovpm.core.validators import validate_visible_text
from egovpm.documents.models import Document

from . import domain
from .workflow import CRITERIA, EVALUATION, RECTIFICATION

MONEY_SCORE = {"max_digits": 5, "decimal_places": 2}


class CriteriaVersion(models.Model):
    """第二十九条 评估标准和实施方案: one version, append-only — its content (indicators, scales, guidance, pass
    score, plans) never changes once saved; a change is a new version, in force only after Finance's and
    Audit's concurrence. An evaluation keeps the version it was ordered under."""

    number = models.PositiveSmallIntegerField("版本号", unique=True)
    title = models.CharField("名称", max_length=200, validators=[validate_visible_text])
    content = models.JSONField("评价指标和实施方案")
    note = models.TextField("修订说明", blank=True)
    stage = models.CharField("状态", max_length=20, choices=CRITERIA.choices(), default=CRITERIA.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    in_force_on = models.DateField("生效日期", null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField("起草时间")

    workflow = CRITERIA

    class Meta:
        ordering = ["-number"]
        verbose_name = "效果评估标准"
        verbose_name_plural = "效果评估标准"
        constraints = [
            models.UniqueConstraint(fields=["stage"], condition=Q(stage="in_force"), name="one_criteria_in_force"),
        ]

    def __str__(self):
        return f"{self.title}（第{self.number}版）"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            stored = CriteriaVersion.objects.filter(pk=self.pk).values("content", "number", "title").first()
            if stored and (stored["content"], stored["number"], stored["title"]) != (
                self.content,
                self.number,
                self.title,
            ):
                raise ValueError("a criteria version's content is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("criteria versions are append-only")

    @property
    def criteria(self) -> domain.Criteria:
        return domain.parse_criteria(self.content)


class Concurrence(models.Model):
    """第二十九条 会同市财政、审计: the Finance bureau's or the Audit bureau's concurrence with a draft version."""

    class Party(models.TextChoices):
        FINANCE = "finance", "市财政局"
        AUDIT = "audit", "市审计局"

    version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="concurrences")
    party = models.CharField("会签部门", max_length=20, choices=Party.choices)
    opinion = models.TextField("会签意见", validators=[validate_visible_text])
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField("会签时间")

    class Meta:
        ordering = ["version", "given_at", "id"]
        verbose_name = "会签意见"
        verbose_name_plural = "会签意见"
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="concurrence_once_per_party"),
            models.CheckConstraint(condition=~Q(opinion=""), name="concurrence_has_opinion"),
        ]

    def __str__(self):
        return f"{self.get_party_display()}会签·{self.version}"


class Evaluation(models.Model):
    """第二十五条 one evaluation of a project: its kind, the criteria version it keeps, the evaluator the
    Office assigned (the Office, an expert or a third-party assessor, with contract and deadline), the
    weighted total and, for an ex-post result below the pass score, the 限期整改 it orders (第二十七条)."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="evaluations")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    kind = models.CharField("评估种类", max_length=20, choices=domain.KINDS)
    declaration = models.ForeignKey(
        "intake.Declaration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name="拟立项的申报",
    )
    round_label = models.CharField("评估轮次", max_length=100, blank=True)
    criteria = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="evaluations", verbose_name="评估标准版本"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations", verbose_name="评价人员"
    )
    evaluator_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="evaluations_assigned", verbose_name="评价机构"
    )
    contract_number = models.CharField("委托合同编号", max_length=60, blank=True)
    due = models.DateField("完成期限")
    stage = models.CharField("状态", max_length=20, choices=EVALUATION.choices(), default=EVALUATION.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    opinion = models.TextField("评估意见", blank=True)
    total = models.DecimalField("加权总分", null=True, blank=True, **MONEY_SCORE)
    below_threshold = models.BooleanField("低于合格分数线", default=False)
    rectification_due = models.DateField("限期整改期限", null=True, blank=True)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ordered_at = models.DateTimeField("组织时间")
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True)
    documents = GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name="evaluation"
    )

    workflow = EVALUATION

    class Meta:
        ordering = ["-ordered_at", "-id"]
        verbose_name = "效果评估"
        verbose_name_plural = "效果评估"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ex_ante") | Q(declaration__isnull=False), name="ex_ante_names_its_declaration"
            ),
            models.CheckConstraint(
                condition=~Q(stage="concluded") | Q(total__isnull=False), name="concluded_evaluation_has_total"
            ),
            models.CheckConstraint(
                condition=Q(below_threshold=False) | ~Q(kind="ex_post") | Q(rectification_due__isnull=False),
                name="ex_post_below_threshold_orders_rectification",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.project}"


class Score(models.Model):
    """第二十五条 科学、公正、客观、实用: the evaluator's score of one indicator (out of 100) with its evidence and
    comment. Changed only while the evaluation is being scored (each change audited)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="scores")
    indicator = models.CharField("评价指标", max_length=20)
    score = models.DecimalField("评分", **MONEY_SCORE)
    evidence = models.TextField("评分依据", validators=[validate_visible_text])
    comment = models.TextField("评价意见", validators=[validate_visible_text])
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField("评分时间")

    class Meta:
        ordering = ["evaluation", "indicator"]
        verbose_name = "评分"
        verbose_name_plural = "评分"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="score_once_per_indicator"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="score_out_of_100"),
            models.CheckConstraint(condition=~Q(evidence="") & ~Q(comment=""), name="score_has_evidence_and_comment"),
        ]

    def __str__(self):
        return f"{self.indicator}：{self.score}"


class EvaluationRectification(models.Model):
    """第二十七条 限期整改: ordered when an ex-post evaluation concludes below the pass score; the unit answers,
    the Office accepts, or criticises (通报批评, a record against the unit) when it lapsed or still fails."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="rectification")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    due = models.DateField("整改期限")
    stage = models.CharField("状态", max_length=20, choices=RECTIFICATION.choices(), default=RECTIFICATION.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    answer = models.TextField("整改情况", blank=True)
    criticism = models.TextField("通报批评", blank=True)
    criticised_at = models.DateTimeField("通报批评时间", null=True, blank=True)

    workflow = RECTIFICATION

    class Meta:
        ordering = ["due", "id"]
        verbose_name = "事后评估限期整改"
        verbose_name_plural = "事后评估限期整改"
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="criticised") | (~Q(criticism="") & Q(criticised_at__isnull=False)),
                name="evaluation_criticism_is_whole",
            ),
        ]

    def __str__(self):
        return f"限期整改·{self.project}"
