"""第一条, 第五条 "共享资源、避免重复建设": the index of what every project builds, the Office's judgement of a
similar pair, and the unit's statement why its project is not a duplicate.

The index (`IndexedProject` and its `IndexPosting` rows, with each gram's document frequency in
`IndexGram`) is written by egovpm.duplication.services.project_index inside the services that change a
project's name, its construction content or its catalog (through projects.hooks), never by a signal."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class IndexedProject(models.Model):
    """What one project says of itself, as the similarity check compares it."""

    project = models.OneToOneField(
        "projects.Project", primary_key=True, on_delete=models.CASCADE, related_name="similarity_index"
    )
    name = models.CharField("项目名称", max_length=200)
    content = models.TextField("建设内容", blank=True)
    items = models.TextField("信息项", blank=True, help_text="每行一个信息项")
    indexed_at = models.DateTimeField("索引时间")

    class Meta:
        verbose_name = "相似项目索引"
        verbose_name_plural = "相似项目索引"

    def __str__(self):
        return self.name

    def item_list(self) -> tuple[str, ...]:
        return tuple(line for line in self.items.splitlines() if line.strip())


class IndexGram(models.Model):
    """A character gram and the number of indexed projects that hold it (its document frequency)."""

    gram = models.CharField("词元", max_length=40, primary_key=True)
    df = models.PositiveIntegerField("文档频率", default=0)

    class Meta:
        verbose_name = "索引词元"
        verbose_name_plural = "索引词元"

    def __str__(self):
        return self.gram


class IndexPosting(models.Model):
    """The inverted index: this gram occurs `count` times in this project's text."""

    document = models.ForeignKey(IndexedProject, on_delete=models.CASCADE, related_name="postings", db_index=False)
    gram = models.CharField("词元", max_length=40)
    count = models.PositiveIntegerField("次数")

    class Meta:
        verbose_name = "索引项"
        verbose_name_plural = "索引项"
        constraints = [models.UniqueConstraint(fields=["document", "gram"], name="one_posting_per_gram")]
        indexes = [models.Index(fields=["gram", "document", "count"], name="posting_by_gram")]

    def __str__(self):
        return f"{self.gram}×{self.count}"


class Verdict(models.TextChoices):
    DUPLICATE = "duplicate", "重复建设"
    OVERLAPPING = "overlapping", "部分重叠"
    DISTINCT = "distinct", "不重复"


class Remedy(models.TextChoices):
    """What the Office's verdict asks of the unit (第五条)."""

    MERGE = "merge", "合并建设"
    REUSE = "reuse", "复用已有系统"
    SHARE = "share", "通过共享交换平台共享"
    NONE = "none", "无需处理"


# Which remedies each verdict allows.
REMEDIES = {
    Verdict.DUPLICATE: (Remedy.MERGE, Remedy.REUSE),
    Verdict.OVERLAPPING: (Remedy.SHARE,),
    Verdict.DISTINCT: (Remedy.NONE,),
}


class DuplicationJudgement(models.Model):
    """The Office's judgement of one pair of similar projects (第五条), once per pair: `low` is the pair's
    project with the smaller id, so that (A, B) and (B, A) are the same pair."""

    low = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name="项目")
    high = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name="相似项目")
    verdict = models.CharField("判定", max_length=20, choices=Verdict.choices)
    remedy = models.CharField("处理方式", max_length=20, choices=Remedy.choices)
    reason = models.TextField("判定理由")
    score = models.DecimalField("相似度", max_digits=5, decimal_places=4)
    # the declaration under review when the Office judged
    declaration = models.ForeignKey("intake.Declaration", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("判定时间")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "重复建设判定"
        verbose_name_plural = "重复建设判定"
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="one_judgement_per_pair"),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="judgement_pair_ordered"),
            models.CheckConstraint(condition=~Q(reason=""), name="judgement_has_reason"),
            models.CheckConstraint(
                condition=Q(verdict="duplicate", remedy__in=["merge", "reuse"])
                | Q(verdict="overlapping", remedy="share")
                | Q(verdict="distinct", remedy="none"),
                name="judgement_remedy_fits_verdict",
            ),
        ]

    def __str__(self):
        return f"{self.get_verdict_display()}·{self.low_id}/{self.high_id}"

    def other(self, project_id: int) -> int:
        return self.high_id if project_id == self.low_id else self.low_id


class NotDuplicateStatement(models.Model):
    """The unit's statement why its declared project is not a duplicate of a similar one (第五条)."""

    declaration = models.ForeignKey(
        "intake.Declaration", on_delete=models.PROTECT, related_name="not_duplicate_statements"
    )
    other = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name="相似项目")
    reason = models.TextField("不重复的理由")
    stated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stated_at = models.DateTimeField("说明时间")

    class Meta:
        ordering = ["stated_at", "id"]
        verbose_name = "不重复说明"
        verbose_name_plural = "不重复说明"
        constraints = [
            models.UniqueConstraint(fields=["declaration", "other"], name="one_statement_per_pair"),
            models.CheckConstraint(condition=~Q(reason=""), name="statement_has_reason"),
        ]

    def __str__(self):
        return f"不重复说明·{self.declaration_id}/{self.other_id}"
