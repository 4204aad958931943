"""Acceptance of e-government projects (第十九条 to 第二十一条, 附件4): the project's acceptance record, opened
when its construction completes; the typed documents of initial acceptance and of the application; each
round of completion acceptance (the application, the group, the checklist, the review, the outcome); and
the unit's 延期验收申请. Each stateful record names its workflow (egovpm.acceptance.workflow)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from egovpm.core.validators import validate_visible_text
from egovpm.documents.models import Document

from .domain import CHECKLIST, MEMBER_KINDS, SLOTS
from .workflow import ACCEPTANCE, ACCEPTANCE_EXTENSION


def _documents(name: str) -> GenericRelation:
    return GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name=name
    )


class Acceptance(models.Model):
    """第十九条: the acceptance of one project, from 建设完成 (the six months of 第二十条 count from
    `construction_completed_on`) to the filing of the completion acceptance report (第二十一条)."""

    class Delegation(models.TextChoices):
        THRESHOLD = "threshold", "建设规模较小（概算不超过管理办法的限额）"
        DECISION = "decision", "建设内容较简单（办公室决定）"

    project = models.OneToOneField(
        "projects.Project", on_delete=models.PROTECT, related_name="acceptance", verbose_name="项目"
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    construction_completed_on = models.DateField("建设完成日期")
    stage = models.CharField("状态", max_length=30, choices=ACCEPTANCE.choices(), default=ACCEPTANCE.initial)
    stage_changed_at = models.DateTimeField("状态变更时间")
    # 第十九条 可委托项目建设单位组织竣工验收
    delegated = models.BooleanField("委托项目建设单位组织竣工验收", default=False)
    delegation_basis = models.CharField("委托依据", max_length=20, choices=Delegation.choices, blank=True)
    delegation_reason = models.TextField("委托理由", blank=True)
    delegated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delegated_at = models.DateTimeField("委托时间", null=True, blank=True)
    opened_at = models.DateTimeField("开始时间")

    workflow = ACCEPTANCE

    class Meta:
        ordering = ["construction_completed_on", "id"]
        verbose_name = "项目验收"
        verbose_name_plural = "项目验收"
        constraints = [
            models.CheckConstraint(
                condition=Q(delegated=False, delegation_basis="", delegated_at__isnull=True)
                | (
                    Q(delegated=True)
                    & ~Q(delegation_basis="")
                    & ~Q(delegation_reason="")
                    & Q(delegated_at__isnull=False)
                ),
                name="acceptance_delegation_is_whole",
            ),
        ]

    def __str__(self):
        return f"验收·{self.project}"


class AcceptanceDocument(models.Model):
    """A typed document of initial acceptance or of the application (附件4 六, 第二十条): who made it
    (organisation and person) and when, with its file. A newer one of the same kind supersedes the
    older; the single-item reports accumulate (one per contract or subsystem)."""

    acceptance = models.ForeignKey(Acceptance, on_delete=models.PROTECT, related_name="records")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("材料", max_length=30, choices=[(s.kind, s.label) for s in SLOTS])
    subject = models.CharField("合同或子系统", max_length=120, blank=True)
    author_organisation = models.CharField("编制单位", max_length=120, validators=[validate_visible_text])
    author_person = models.CharField("编制人", max_length=60, validators=[validate_visible_text])
    dated = models.DateField("报告日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    documents = _documents("acceptance_document")

    class Meta:
        ordering = ["acceptance", "kind", "-recorded_at", "-id"]
        verbose_name = "验收材料"
        verbose_name_plural = "验收材料"
        constraints = [
            models.CheckConstraint(condition=~Q(author_organisation=""), name="acceptance_document_has_author"),
            models.CheckConstraint(
                condition=~Q(kind="single_item_report") | ~Q(subject=""), name="single_item_report_names_its_subject"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}{'·' + self.subject if self.subject else ''}"


class CompletionRound(models.Model):
    """One completion acceptance application and what became of it (附件4 七): a not-accepted project
    applies again after it has done what was asked, in a new round; the rounds are its history."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "验收通过"
        NOT_ACCEPTED = "not_accepted", "验收未通过"

    acceptance = models.ForeignKey(Acceptance, on_delete=models.PROTECT, related_name="rounds")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField("申请轮次")
    statement = models.TextField("竣工验收申请报告", validators=[validate_visible_text])
    delegated = models.BooleanField("由项目建设单位组织", default=False)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField("申请时间")
    started_at = models.DateTimeField("开始验收时间", null=True, blank=True)
    review_areas = models.JSONField("检查内容", default=list, blank=True)
    review_bases = models.JSONField("验收依据", default=list, blank=True)
    review_findings = models.TextField("检查情况", blank=True)
    outcome = models.CharField("结论", max_length=20, choices=Outcome.choices, blank=True)
    opinion = models.TextField("评价意见和建议", blank=True)
    reasons = models.TextField("未通过的原因及须完成的整改", blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concluded_at = models.DateTimeField("结论时间", null=True, blank=True)
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filing_note = models.TextField("备案说明", blank=True)

    class Meta:
        ordering = ["acceptance", "number"]
        verbose_name = "竣工验收"
        verbose_name_plural = "竣工验收"
        constraints = [
            models.UniqueConstraint(fields=["acceptance", "number"], name="completion_round_once"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(concluded_at__isnull=False), name="completion_round_concluded_is_whole"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="accepted") | ~Q(opinion=""), name="completion_accepted_has_opinion"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="not_accepted") | ~Q(reasons=""), name="completion_not_accepted_has_reasons"
            ),
            models.CheckConstraint(
                condition=Q(filed_at__isnull=True) | Q(outcome="accepted"), name="completion_filed_only_if_accepted"
            ),
        ]

    def __str__(self):
        return f"竣工验收第{self.number}轮·{self.project}"


class GroupMember(models.Model):
    """附件4 七(一) 竣工验收组: the Office's own staff, experts (the platform's expert users) and invited
    departments, each recorded on the round's group."""

    round = models.ForeignKey(CompletionRound, on_delete=models.PROTECT, related_name="members")
    kind = models.CharField("成员类别", max_length=20, choices=MEMBER_KINDS)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="acceptance_groups"
    )
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    duty = models.CharField("职责", max_length=60, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField("加入时间")

    class Meta:
        ordering = ["round", "kind", "id"]
        verbose_name = "竣工验收组成员"
        verbose_name_plural = "竣工验收组成员"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="department", unit__isnull=False, user__isnull=True)
                | (~Q(kind="department") & Q(user__isnull=False)),
                name="group_member_is_a_person_or_a_department",
            ),
            models.UniqueConstraint(fields=["round", "user"], name="group_member_user_once"),
            models.UniqueConstraint(
                fields=["round", "unit"], condition=Q(kind="department"), name="group_member_department_once"
            ),
        ]

    def __str__(self):
        return str(self.user or self.unit)


class CheckResult(models.Model):
    """One item of the checklist (附件4 二 the tasks, 四 the conditions) in a round: its evidence and
    whether it passed, with a note. Recorded again, it supersedes (the audit chain keeps the earlier)."""

    round = models.ForeignKey(CompletionRound, on_delete=models.PROTECT, related_name="checks")
    code = models.CharField("检查项", max_length=30, choices=[(c.code, c.label) for c in CHECKLIST])
    evidence = models.TextField("证据", validators=[validate_visible_text])
    passed = models.BooleanField("是否满足")
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["round", "id"]
        verbose_name = "验收检查项"
        verbose_name_plural = "验收检查项"
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="check_result_once"),
            models.CheckConstraint(condition=~Q(evidence=""), name="check_result_has_evidence"),
            models.CheckConstraint(condition=Q(passed=True) | ~Q(note=""), name="check_result_failure_is_explained"),
        ]

    def __str__(self):
        return f"{self.get_code_display()}：{'满足' if self.passed else '不满足'}"


class AcceptanceExtension(models.Model):
    """第二十条 延期验收申请: the unit asks, with its reason and the date it asks for; the 项目审批部门 approves
    (the deadline moves through projects.services.deadline_extend) or refuses."""

    acceptance = models.ForeignKey(Acceptance, on_delete=models.PROTECT, related_name="extensions")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="项目建设单位")
    reason = models.TextField("延期理由", validators=[validate_visible_text])
    current_due = models.DateField("现行期限")
    requested_due = models.DateField("申请延期至")
    stage = models.CharField(
        "状态", max_length=20, choices=ACCEPTANCE_EXTENSION.choices(), default=ACCEPTANCE_EXTENSION.initial
    )
    stage_changed_at = models.DateTimeField("状态变更时间")
    decision = models.TextField("审批意见", blank=True)
    grant = models.OneToOneField(
        "projects.DeadlineExtension", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间")

    workflow = ACCEPTANCE_EXTENSION

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "延期验收申请"
        verbose_name_plural = "延期验收申请"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="acceptance_extension_has_reason"),
            models.CheckConstraint(
                condition=Q(requested_due__gt=models.F("current_due")), name="acceptance_extension_moves_later"
            ),
            models.CheckConstraint(
                condition=~Q(stage="approved") | Q(grant__isnull=False), name="acceptance_extension_approved_grants"
            ),
        ]

    def __str__(self):
        return f"延期验收申请·{self.project}（至 {self.requested_due:%Y-%m-%d}）"
