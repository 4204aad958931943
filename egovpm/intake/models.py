from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Abs
from django.db.models.lookups import LessThan

from egovpm.core.sealed import SealedCharField
from egovpm.documents.models import Document
from egovpm.lifecycle.workflows import DECLARATION, SPECIAL
from egovpm.projects.models import MONEY, Project


class Nature(models.TextChoices):
    NEW = "new", "新建"
    CONTINUING = "continuing", "续建"
    CARRIED_OVER = "carried_over", "结转"
    MAINTENANCE = "maintenance", "维护"
    OTHER = "other", "其他"


class Procedure(models.TextChoices):
    GENERAL = "general", "一般申报程序"
    SPECIAL = "special", "特殊申报程序"


def _stage_choices() -> list[tuple[str, str]]:
    """Every stage code of the declaration workflows (general and special share one column)."""
    seen: dict[str, str] = {}
    for wf in (DECLARATION, SPECIAL):
        for code, label in wf.choices():
            seen.setdefault(code, label)
    return list(seen.items())


class PlanYear(models.Model):
    """The annual plan for year N, declared in year N-1 (第七条)."""

    year = models.PositiveIntegerField("计划年度", unique=True)
    opened_at = models.DateTimeField("开放时间")
    notes = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"

    def __str__(self):
        return f"{self.year} 年度"


# Amounts carry two decimals (万元 to the cent), so rows that add up differ from their total by nothing and rows
# a cent off by 0.01, on every database. SQLite keeps a DecimalField in floating point, where 12.30 + 45.60
# is not 57.90: the check allows that rounding error (under half a cent) and nothing more.
HALF_CENT = Decimal("0.005")


def _sum_check(prefix: str) -> LessThan:
    rows = F(f"{prefix}_fiscal") + F(f"{prefix}_self_raised") + F(f"{prefix}_national") + F(f"{prefix}_other")
    return LessThan(Abs(F(f"{prefix}_total") - rows), Value(HALF_CENT))


class Declaration(models.Model):
    """A project's declaration for one plan year: the application form of 附件1 and its journey
    through 第七条. Its stage moves only through intake.services (the lifecycle table)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="declarations")
    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="declarations")
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="declarations", verbose_name="申报部门"
    )
    stage = models.CharField(
        "状态", max_length=30, choices=_stage_choices(), default=DECLARATION.initial, db_index=True
    )
    procedure = models.CharField(
        "申报程序", max_length=10, choices=Procedure.choices, default=Procedure.GENERAL, db_index=True
    )
    # 第六条: the infrastructure areas the project touches (policy.intake.infrastructure_categories)
    infrastructure_areas = models.JSONField("涉及的基础性系统", default=list, blank=True)
    stage_changed_at = models.DateTimeField("状态变更时间")

    # 附件1 申报表
    leader_name = models.CharField("项目负责人", max_length=50)
    leader_phone = SealedCharField("联系电话", max_length=30)  # sealed at rest (core.sealed)
    start_date = models.DateField("启动日期")
    planned_end_date = models.DateField("计划完成日期")
    nature = models.CharField("项目性质", max_length=20, choices=Nature.choices)
    purpose_and_content = models.TextField("建设目的和内容")
    plan_compiled = models.BooleanField("规划编制", default=False)
    plan_expert_reviewed = models.BooleanField("规划通过专家论证", default=False)
    total_investment = models.DecimalField("预计总投资（万元）", **MONEY)
    annual_requirement = models.DecimalField("年度需要资金（万元）", **MONEY)
    prior_total = models.DecimalField("历年已安排资金·合计", **MONEY, default=0)
    prior_fiscal = models.DecimalField("历年已安排资金·其中申请财政拨款", **MONEY, default=0)
    prior_self_raised = models.DecimalField("历年已安排资金·单位自筹", **MONEY, default=0)
    prior_national = models.DecimalField("历年已安排资金·国家下拨", **MONEY, default=0)
    prior_other = models.DecimalField("历年已安排资金·其他", **MONEY, default=0)
    current_total = models.DecimalField("本年度申请资金·合计", **MONEY)
    current_fiscal = models.DecimalField("本年度申请资金·其中申请财政拨款", **MONEY)
    current_self_raised = models.DecimalField("本年度申请资金·单位自筹", **MONEY, default=0)
    current_national = models.DecimalField("本年度申请资金·国家下拨", **MONEY, default=0)
    current_other = models.DecimalField("本年度申请资金·其他", **MONEY, default=0)
    attachments_note = models.TextField("申报附件", blank=True)
    remarks = models.TextField("备注", blank=True)

    created_at = models.DateTimeField("填报时间")
    submitted_at = models.DateTimeField("申报日期", null=True, blank=True)
    # 第七条(二)
    review_round = models.ForeignKey(
        "ReviewRound", null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    initial_opinion = models.TextField("初审意见（书面调整意见/评价或不予安排理由）", blank=True)
    # 第七条(三)
    feasibility_submitted_at = models.DateTimeField("可研材料报送时间", null=True, blank=True)
    # 第七条(四)
    re_review_count = models.PositiveSmallIntegerField("复核次数", default=0)
    return_reason = models.TextField("退还理由", blank=True)
    sent_to_finance_at = models.DateTimeField("报送财政时间", null=True, blank=True)
    documents = GenericRelation(
        Document, content_type_field="owner_type", object_id_field="owner_id", related_query_name="declaration"
    )

    class Meta:
        ordering = ["-plan_year__year", "project__code"]
        verbose_name = "年度申报"
        verbose_name_plural = "年度申报"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "plan_year"],
                condition=Q(procedure="general"),
                name="one_declaration_per_year",
            ),
            models.CheckConstraint(
                condition=_sum_check("prior"),
                name="prior_funding_adds_up",
                violation_error_message="历年已安排资金的合计应等于各资金来源之和。",
            ),
            models.CheckConstraint(
                condition=_sum_check("current"),
                name="current_funding_adds_up",
                violation_error_message="本年度申请资金的合计应等于各资金来源之和。",
            ),
            models.CheckConstraint(condition=Q(planned_end_date__gte=F("start_date")), name="end_after_start"),
            models.CheckConstraint(condition=Q(re_review_count__lte=1), name="re_review_once_a_year"),
            models.CheckConstraint(
                condition=~Q(stage="not_arranged") | ~Q(initial_opinion=""), name="not_arranged_has_reason"
            ),
            # One column holds the stages of both procedures: each declaration only its own procedure's.
            models.CheckConstraint(
                condition=Q(procedure="general", stage__in=[s.code for s in DECLARATION.stages])
                | Q(procedure="special", stage__in=[s.code for s in SPECIAL.stages]),
                name="stage_of_its_procedure",
                violation_error_message="申报所处的状态不属于其申报程序。",
            ),
        ]

    def __str__(self):
        return f"{self.plan_year.year}年度·{self.project.name}"

    @property
    def workflow(self):
        return SPECIAL if self.procedure == Procedure.SPECIAL else DECLARATION

    @property
    def stage_info(self):
        return self.workflow.stage(self.stage)

    def get_stage_display(self) -> str:
        """The stage in its own workflow's words (one column holds the stages of both procedures: a
        special application at approved is 会审通过, not 复核通过)."""
        return self.stage_info.label

    @property
    def infrastructure_flagged(self) -> bool:
        return bool(self.infrastructure_areas)

    @property
    def requested_amount(self):
        return self.current_total


class Proposal(models.Model):
    """项目建议书 (附件2) filled online: its eight sections."""

    declaration = models.OneToOneField(Declaration, on_delete=models.CASCADE, related_name="proposal")
    overview = models.TextField("一、项目概述")
    necessity = models.TextField("二、项目的意义与必要性")
    status_and_needs = models.TextField("三、现状及需求分析")
    content_plan_scale = models.TextField("四、建设内容、方案、规模")
    functions_and_indicators = models.TextField("五、系统功能及主要技术经济指标")
    schedule = models.TextField("六、建设工期及时间安排")
    investment_and_funding = models.TextField("七、投资估算、资金筹措方式及来源")
    benefits = models.TextField("八、效益分析")
    classification_note = models.CharField("密级要求（如有）", max_length=100, blank=True)

    class Meta:
        verbose_name = "项目建议书"
        verbose_name_plural = "项目建议书"

    def __str__(self):
        return f"建议书·{self.declaration}"


class ReviewRound(models.Model):
    """An initial-review round (第七条(二)) opened by the Office for a plan year."""

    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="review_rounds")
    name = models.CharField("轮次名称", max_length=100)
    opened_at = models.DateTimeField("开启时间")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = "初审轮次"
        verbose_name_plural = "初审轮次"

    def __str__(self):
        return f"{self.plan_year.year}年度·{self.name}"


class Party(models.TextChoices):
    FINANCE = "finance", "市财政局"
    AUDIT = "audit", "市审计局"
    EXPERT = "expert", "专家"


class Recommendation(models.TextChoices):
    PASS = "pass", "建议通过"
    ADJUST = "adjust", "建议调整后通过"
    NOT_ARRANGE = "not_arrange", "建议不予安排"


class ReviewInvitation(models.Model):
    """One party invited to give an opinion on one declaration in an initial review."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="invitations")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations")
    party = models.CharField("参与方", max_length=20, choices=Party.choices)
    invited_at = models.DateTimeField("邀请时间")
    due_date = models.DateField("意见截止日期")
    recommendation = models.CharField("结论建议", max_length=20, choices=Recommendation.choices, blank=True)
    opinion = models.TextField("意见", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = "初审邀请"
        verbose_name_plural = "初审邀请"
        constraints = [
            models.UniqueConstraint(fields=["declaration", "reviewer"], name="one_invitation_per_reviewer"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | (~Q(opinion="") & ~Q(recommendation="")),
                name="submitted_opinion_is_complete",
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display()}·{self.reviewer}·{self.declaration}"


class ProcurementCategory(models.TextChoices):
    EQUIPMENT = "equipment", "设备"
    SOFTWARE = "software", "软件"


class ProcurementItem(models.Model):
    """A common equipment or software item gathered into the centralized procurement plan (第七条(二))."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="procurement_items")
    category = models.CharField("类别", max_length=20, choices=ProcurementCategory.choices)
    name = models.CharField("品目名称", max_length=100)
    specification = models.CharField("规格要求", max_length=200, blank=True)
    quantity = models.PositiveIntegerField("数量")
    estimated_amount = models.DecimalField("预算金额（万元）", **MONEY)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField("标记时间")

    class Meta:
        ordering = ["category", "name"]
        verbose_name = "集中采购品目"
        verbose_name_plural = "集中采购品目"
        constraints = [models.CheckConstraint(condition=Q(estimated_amount__gte=0), name="procurement_amount_nonneg")]

    def __str__(self):
        return f"{self.get_category_display()}·{self.name}×{self.quantity}"


class ConfigurationItem(models.Model):
    """A line of the feasibility report's hardware and software configuration list (软硬件配置清单, 附件3), entered
    online or imported from the platform's XLSX template; the Office's centralized procurement plan gathers
    the items two or more approved projects need (第七条(二))."""

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="configuration_items")
    category = models.CharField("类别", max_length=20, choices=ProcurementCategory.choices)
    name = models.CharField("品目名称", max_length=100)
    specification = models.CharField("规格型号", max_length=200, blank=True)
    quantity = models.PositiveIntegerField("数量")
    unit_price = models.DecimalField("单价（万元）", **MONEY)
    domestic = models.BooleanField("国产", default=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("填报时间")

    class Meta:
        ordering = ["declaration", "category", "id"]
        verbose_name = "软硬件配置清单条目"
        verbose_name_plural = "软硬件配置清单条目"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="configuration_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="configuration_price_nonneg"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}·{self.name}×{self.quantity}"

    @property
    def amount(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(Decimal("0.01"))


class CentralProcurementPlan(models.Model):
    """第七条(二): the centralized procurement plan of a plan year, proposed from the approved projects'
    configuration lists, edited and issued (numbered, dated) by the Office."""

    plan_year = models.OneToOneField(PlanYear, on_delete=models.PROTECT, related_name="central_procurement")
    proposed_at = models.DateTimeField("生成时间")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "集中采购计划"
        verbose_name_plural = "集中采购计划"
        constraints = [
            models.CheckConstraint(
                condition=(Q(issued_on__isnull=True) & Q(number="")) | (Q(issued_on__isnull=False) & ~Q(number="")),
                name="issued_plan_is_numbered",
            )
        ]

    def __str__(self):
        return self.number or f"{self.plan_year.year}年度集中采购计划（草案）"

    @property
    def issued(self) -> bool:
        return self.issued_on is not None


class CentralProcurementLine(models.Model):
    """An item of the plan: equivalent lines of two or more projects, with the total the Office may edit."""

    plan = models.ForeignKey(CentralProcurementPlan, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField("类别", max_length=20, choices=ProcurementCategory.choices)
    name = models.CharField("品目名称", max_length=100)
    specification = models.CharField("规格型号", max_length=200, blank=True)
    quantity = models.PositiveIntegerField("数量")
    amount = models.DecimalField("预算金额（万元）", **MONEY)
    declarations = models.ManyToManyField(Declaration, related_name="+", verbose_name="需求项目")
    items = models.ManyToManyField(ConfigurationItem, related_name="+", verbose_name="配置清单条目")

    class Meta:
        ordering = ["plan", "category", "-amount", "name", "id"]
        verbose_name = "集中采购计划品目"
        verbose_name_plural = "集中采购计划品目"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="central_line_quantity_positive"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="central_line_amount_nonneg"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}·{self.name}×{self.quantity}"


class ApprovalOpinion(models.Model):
    """The written approval opinion (书面意见) of a passed re-review (第七条(四))."""

    declaration = models.OneToOneField(Declaration, on_delete=models.PROTECT, related_name="approval_opinion")
    number = models.CharField("文号", max_length=60, unique=True)
    seq = models.PositiveIntegerField("年度序号")
    issued_on = models.DateField("出具日期")
    text = models.TextField("意见")
    approved_amount = models.DecimalField("核定投资（万元）", **MONEY)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-seq"]
        verbose_name = "复核书面意见"
        verbose_name_plural = "复核书面意见"

    def __str__(self):
        return self.number


class PlanTransmission(models.Model):
    """The Office sends Finance the annual plan and the pre-approved list (第七条(四))."""

    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="transmissions")
    sent_at = models.DateTimeField("报送时间")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    project_count = models.PositiveIntegerField("项目数")
    total_amount = models.DecimalField("申请资金合计（万元）", **MONEY)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "年度计划报送"
        verbose_name_plural = "年度计划报送"

    def __str__(self):
        return f"{self.plan_year}·报送财政 {self.sent_at:%Y-%m-%d}"


class BudgetLibraryEntry(models.Model):
    """A project in Finance's budget project library (部门预算项目库, 第七条(五))."""

    declaration = models.OneToOneField(Declaration, on_delete=models.PROTECT, related_name="budget_entry")
    library_code = models.CharField("预算项目库编码", max_length=40, blank=True)
    placed_at = models.DateTimeField("入库时间")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    arranged_amount = models.DecimalField("年度安排资金（万元）", **MONEY, null=True, blank=True)
    arranged_at = models.DateTimeField("安排登记时间", null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = "预算项目库条目"
        verbose_name_plural = "预算项目库条目"
        constraints = [
            models.CheckConstraint(
                condition=Q(arranged_amount__isnull=True) | Q(arranged_amount__gte=0), name="arranged_nonneg"
            )
        ]

    def __str__(self):
        return f"预算库·{self.declaration}"


class SpecialRequest(models.Model):
    """The application letter of the special procedure (第八条, 第九条(一)) for one declaration."""

    class Basis(models.TextChoices):
        UNFORESEEABLE = "unforeseeable", "不可预见的原因未能按一般程序申报"
        CITY_APPROVED = "city_approved", "经市政府批准的项目"

    declaration = models.OneToOneField(Declaration, on_delete=models.PROTECT, related_name="special_request")
    basis = models.CharField("启动依据", max_length=20, choices=Basis.choices)
    unforeseeable_reason = models.TextField("不可预见的原因", blank=True)
    city_approval_reference = models.CharField("市政府批准文件", max_length=200, blank=True)
    city_approval_date = models.DateField("批准日期", null=True, blank=True)
    required_materials = models.TextField("办公室要求报送的材料", blank=True)
    exception = models.OneToOneField(
        "SpecialException", null=True, blank=True, on_delete=models.PROTECT, related_name="used_by"
    )

    class Meta:
        verbose_name = "特殊申报申请书"
        verbose_name_plural = "特殊申报申请书"
        constraints = [
            models.CheckConstraint(
                condition=(Q(basis="unforeseeable") & ~Q(unforeseeable_reason=""))
                | (Q(basis="city_approved") & ~Q(city_approval_reference="")),
                name="special_request_states_its_basis",
            )
        ]

    def __str__(self):
        return f"特殊申报·{self.declaration}"


class SpecialException(models.Model):
    """第八条(二): the Office's recorded exception allowing a unit a further special application for the
    same matter (project) in the same year."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="申报单位")
    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="special_exceptions")
    reason = models.TextField("例外理由")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "特殊申报例外"
        verbose_name_plural = "特殊申报例外"
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="special_exception_has_reason")]

    def __str__(self):
        return f"例外·{self.unit}·{self.project.name}"
