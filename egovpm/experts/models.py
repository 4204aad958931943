"""The expert library (专家库) and its draws by lot (第七条(二), 第九条(三)): profiles kept by the experts and
verified by the Office, their ties that require recusal, the windows they cannot sit, each draw with its
rounds (seed, pool, exclusions, picks), the drawn experts' answers and their scoring sheets."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from egovpm.core.validators import validate_visible_text

from . import domain


class ExpertStatus(models.TextChoices):
    ENROLLED = "enrolled", "待核实"
    VERIFIED = "verified", "已核实"
    SUSPENDED = "suspended", "已暂停"
    REMOVED = "removed", "已移出"


class ExpertProfile(models.Model):
    """One expert of the library: an orgs.User with the expert role. The expert keeps it; a change the
    expert makes waits for the Office's verification again."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile", verbose_name="专家账号"
    )
    fields = models.JSONField("专业领域", default=list)
    title = models.CharField("职称", max_length=60, validators=[validate_visible_text])
    employer = models.CharField("工作单位", max_length=200, validators=[validate_visible_text])
    employer_unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="工作单位（本市单位）",
    )
    region = models.CharField("所在地区", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    status = models.CharField("状态", max_length=20, choices=ExpertStatus.choices, default=ExpertStatus.ENROLLED)
    status_reason = models.TextField("状态说明", blank=True)
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    enrolled_at = models.DateTimeField("入库时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        ordering = ["id"]
        verbose_name = "专家"
        verbose_name_plural = "专家库"

    def __str__(self):
        return str(self.user)

    @property
    def code(self) -> str:
        return f"ZJ{self.pk:04d}"

    @property
    def field_labels(self) -> list[str]:
        return [domain.FIELD_LABELS.get(f, f) for f in self.fields]


class ExpertTie(models.Model):
    """A relation that requires recusal: a unit worked for (with when it ended), a supplier or a supervision
    firm the expert is tied to (by name, or by the firm's unit)."""

    class Kind(models.TextChoices):
        FORMER_EMPLOYER = "former_employer", "曾工作单位"
        SUPPLIER = "supplier", "关联供应商"
        SUPERVISION_FIRM = "supervision_firm", "关联监理单位"

    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="ties")
    kind = models.CharField("关系", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="本市单位"
    )
    name = models.CharField("单位名称", max_length=200, blank=True)
    ended_on = models.DateField("关系终止日期", null=True, blank=True)
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["expert", "kind", "id"]
        verbose_name = "回避关系"
        verbose_name_plural = "回避关系"
        constraints = [models.CheckConstraint(condition=~Q(name="") | Q(unit__isnull=False), name="tie_names_a_party")]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.unit or self.name}"


class Unavailability(models.Model):
    """A window in which the expert cannot sit a review."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="unavailability")
    start = models.DateField("起始日期")
    end = models.DateField("结束日期")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["expert", "start"]
        verbose_name = "不可参加评审时段"
        verbose_name_plural = "不可参加评审时段"
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="window_ends_after_start")]

    def __str__(self):
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"


class ExpertDraw(models.Model):
    """A draw by lot for one review of a project (its owner: the declaration in review). The seed is
    recorded here and in the audit chain; each round keeps its pool and picks, so that it can be re-run."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="expert_draws")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="申报单位")
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    kind = models.CharField("评审类别", max_length=20, choices=domain.KINDS)
    requirements = models.JSONField("抽取要求")  # [{"field": code, "count": n}]
    seed = models.CharField("随机种子", max_length=64)
    period_start = models.DateField("评审期间自")
    period_end = models.DateField("评审期间至")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField("抽取时间")
    closed_at = models.DateTimeField("评审结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = "专家抽取"
        verbose_name_plural = "专家抽取"
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return f"{self.project.name}·{self.get_kind_display()}专家抽取"


class DrawRound(models.Model):
    """One round of a draw: the first for each field required, then one per replacement."""

    draw = models.ForeignKey(ExpertDraw, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField("轮次")
    field = models.CharField("专业领域", max_length=30)
    count = models.PositiveSmallIntegerField("抽取人数")
    pool = models.JSONField("候选专家")  # expert ids, ascending
    excluded = models.JSONField("排除的专家及理由")  # [{"expert": id, "code": ..., "reason": ...}]
    picked = models.JSONField("抽中的专家")
    replaces = models.ForeignKey(
        "Assignment", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="替补"
    )
    made_at = models.DateTimeField("抽取时间")

    class Meta:
        ordering = ["draw", "number"]
        constraints = [models.UniqueConstraint(fields=["draw", "number"], name="one_round_number_per_draw")]

    def __str__(self):
        return f"{self.draw}·第{self.number}轮"

    @property
    def field_label(self) -> str:
        return domain.FIELD_LABELS.get(self.field, self.field)


class AssignmentStatus(models.TextChoices):
    INVITED = "invited", "待确认"
    ACCEPTED = "accepted", "已接受"
    DECLINED = "declined", "已谢绝"
    CONFLICT = "conflict", "申报回避"
    LAPSED = "lapsed", "逾期未确认"


REPLACED_STATUSES = (AssignmentStatus.DECLINED, AssignmentStatus.CONFLICT, AssignmentStatus.LAPSED)


class Assignment(models.Model):
    """An expert drawn (or, with a reason, picked) for a draw's review, and their answer."""

    draw = models.ForeignKey(ExpertDraw, on_delete=models.PROTECT, related_name="assignments")
    expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="assignments")
    round = models.ForeignKey(DrawRound, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments")
    field = models.CharField("专业领域", max_length=30)
    manual = models.BooleanField("人工指定", default=False)
    manual_reason = models.TextField("人工指定的理由", blank=True)
    status = models.CharField("状态", max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.INVITED)
    respond_by = models.DateField("确认截止日期")
    responded_at = models.DateTimeField("确认时间", null=True, blank=True)
    response_reason = models.TextField("谢绝或回避的理由", blank=True)
    invited_at = models.DateTimeField("抽取时间")

    class Meta:
        ordering = ["draw", "invited_at", "id"]
        verbose_name = "抽取结果"
        verbose_name_plural = "抽取结果"
        constraints = [
            models.UniqueConstraint(fields=["draw", "expert"], name="one_assignment_per_expert_per_draw"),
            models.CheckConstraint(condition=Q(manual=False) | ~Q(manual_reason=""), name="manual_pick_has_reason"),
            models.CheckConstraint(
                condition=Q(manual=True) | Q(round__isnull=False), name="drawn_assignment_has_round"
            ),
        ]

    def __str__(self):
        return f"{self.expert}·{self.draw}"

    @property
    def field_label(self) -> str:
        return domain.FIELD_LABELS.get(self.field, self.field)


class ScoreSheet(models.Model):
    """An expert's scoring sheet for a review (the policy's sheet of that kind, at its version)."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="sheet")
    version = models.CharField("打分表版本", max_length=20)
    scores = models.JSONField("各项得分")  # {criterion code: "12.50"}
    total = models.DecimalField("总分", max_digits=5, decimal_places=2)
    comment = models.TextField("评审意见", validators=[validate_visible_text])
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "评审打分表"
        verbose_name_plural = "评审打分表"
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0) & Q(total__lte=100), name="sheet_total_within_100")
        ]

    def __str__(self):
        return f"{self.assignment}·{self.total}分"
