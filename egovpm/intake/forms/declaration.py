"""Forms of 第七条(一): the application form (附件1), the proposal (附件2), material uploads, and the
filters of the declaration list. They parse and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field, text_field
from egovpm.core.money import ZERO
from egovpm.documents.fields import file_field
from egovpm.documents.models import DocumentKind
from egovpm.intake import domain
from egovpm.intake.models import Nature, Procedure
from egovpm.intake.services.declaration import PROJECT_FIELDS
from egovpm.lifecycle.workflows import DECLARATION, SPECIAL
from egovpm.policy.loader import get_policy
from egovpm.projects.models import Category, FiscalShare, WorkKind

MONEY_ERRORS = {
    "invalid": "请输入有效金额（万元）。",
    "min_value": "金额不能为负数。",
    "max_decimal_places": "金额最多保留两位小数（万元）。",
    "max_digits": "金额位数过多。",
    "max_whole_digits": "金额位数过多。",
    "required": "请填写金额（万元）。",
}
YES_NO = (("True", "是"), ("False", "否"))


class WanField(forms.DecimalField):
    """万元 with two decimals, never negative; an optional empty amount reads as 0.00."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("error_messages", MONEY_ERRORS)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return ZERO if value is None else value

    def widget_attrs(self, widget):
        # The cells of the funding table have no label of their own.
        return {**super().widget_attrs(widget), "aria-label": str(self.label)}


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择“是”或“否”。"},
    )


def _radios(label: str, choices, initial: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=initial,
        widget=forms.RadioSelect,
        error_messages={"required": f"请选择{label}。", "invalid_choice": f"请选择{label}。"},
    )


def _infrastructure_choices() -> list[tuple[str, str]]:
    return [(area, area) for area in get_policy().intake.infrastructure_categories]


class ApplicationForm(forms.Form):
    """启东市电子政务工程建设项目申报表 (附件1): every field of its table."""

    name = forms.CharField(label="项目名称", max_length=200, error_messages={"required": "请填写项目名称。"})
    leader_name = forms.CharField(label="项目负责人", max_length=50, error_messages={"required": "请填写项目负责人。"})
    leader_phone = forms.CharField(
        label="联系电话",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel"}),
        error_messages={"required": "请填写联系电话。"},
    )
    start_date = date_field("启动日期")
    planned_end_date = date_field("计划完成日期")
    nature = forms.ChoiceField(
        label="项目性质",
        choices=Nature.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择项目性质。"},
    )
    # 第二条, 第三条
    category = _radios("项目类别", Category.choices, Category.APPLICATION_SYSTEM)
    work_kind = _radios("建设类型", WorkKind.choices, WorkKind.NEW)
    fiscal_share = _radios("财政性资金", FiscalShare.choices, FiscalShare.WHOLE)
    capital_subproject = forms.TypedChoiceField(
        label="大型基建项目中的电子政务子项目",
        choices=YES_NO,
        coerce=lambda v: v == "True",
        initial=False,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择“是”或“否”。"},
    )
    capital_project_name = forms.CharField(
        label="所属基建项目名称",
        max_length=200,
        required=False,
        help_text="第二条：使用财政性资金建设的大型基建项目中包含的电子政务子项目也适用本办法；是子项目的须填写。",
    )
    # 第六条
    infrastructure_areas = forms.MultipleChoiceField(
        label="涉及的基础性系统",
        choices=_infrastructure_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "第六条：使用财政性资金的电子政务项目中涉及到云计算、云存储、支撑软件、基础应用、协同办公、网络传输、"
            "安全防护等基础性系统建设，一般不单独立项，由市政务信息系统整合共享工作领导小组办公室统筹。"
            "涉及的请勾选，办公室将决定纳入全市统筹建设或同意单独立项。"
        ),
        error_messages={"invalid_choice": "“%(value)s”不是第六条所列的基础性系统。"},
    )
    purpose_and_content = forms.CharField(
        label="建设目的和内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="项目建设内容应按信息网络系统、信息资源系统及信息业务系统作说明；如内容较多可另附说明。",
        error_messages={"required": "请填写建设目的和内容。"},
    )
    plan_compiled = _yes_no("规划编制")
    plan_expert_reviewed = _yes_no("规划通过专家论证")
    total_investment = WanField(label="预计总投资（万元）")
    annual_requirement = WanField(label="年度需要资金（万元）")
    prior_total = WanField(label="历年已安排资金·合计", required=False, initial=ZERO)
    prior_fiscal = WanField(label="历年已安排资金·其中申请财政拨款", required=False, initial=ZERO)
    prior_self_raised = WanField(label="历年已安排资金·单位自筹", required=False, initial=ZERO)
    prior_national = WanField(label="历年已安排资金·国家下拨", required=False, initial=ZERO)
    prior_other = WanField(label="历年已安排资金·其他", required=False, initial=ZERO)
    current_total = WanField(label="本年度申请资金·合计")
    current_fiscal = WanField(label="本年度申请资金·其中申请财政拨款")
    current_self_raised = WanField(label="本年度申请资金·单位自筹", required=False, initial=ZERO)
    current_national = WanField(label="本年度申请资金·国家下拨", required=False, initial=ZERO)
    current_other = WanField(label="本年度申请资金·其他", required=False, initial=ZERO)
    attachments_note = forms.CharField(
        label="申报附件",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="列明随表报送的材料，如项目建议书、项目状况说明书、预算清单。",
    )
    remarks = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def funding_table(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The rows of the funding table (历年已安排资金 / 本年度申请资金), each with its five cells."""
        return [
            (f"{label}（万元）", [self[f"{row}_{col}"] for col in domain.FUNDING_COLUMNS])
            for row, label in domain.FUNDING_ROWS.items()
        ]

    @staticmethod
    def funding_columns() -> list[str]:
        return list(domain.FUNDING_COLUMNS.values())

    def application_data(self) -> dict:
        """The typed fields of the application form, as the services take them (without the name)."""
        return {k: v for k, v in self.cleaned_data.items() if k in ApplicationForm.base_fields and k != "name"}

    @classmethod
    def initial_from(cls, declaration) -> dict:
        """Initial values from an existing declaration (to edit it, or to declare the project again)."""
        initial = {
            name: getattr(declaration.project if name in PROJECT_FIELDS else declaration, name)
            for name in ApplicationForm.base_fields
            if name != "name"
        }
        initial["name"] = declaration.project.name
        return initial


class DeclarationCreateForm(ApplicationForm):
    """A new declaration: the plan year, optionally an existing project of the unit, and the form."""

    plan_year = forms.ModelChoiceField(
        label="申报年度",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "该年度计划未开放申报。", "required": "请选择申报年度。"},
    )
    project = forms.ModelChoiceField(
        label="已有项目（续建、结转、维护等）",
        queryset=None,
        required=False,
        empty_label="（新项目）",
        help_text="为本单位已有项目申报新的年度计划时选择；新项目请留空。",
        error_messages={"invalid_choice": "该项目不属于本单位，或已有本年度的申报。"},
    )

    field_order = ["plan_year", "project"]

    def __init__(self, *args, plan_years, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].queryset = plan_years
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"


def _section(label: str, *headings: str) -> forms.CharField:
    """A section of the proposal; `headings` are its sub-headings in 附件2, shown as help text."""
    return forms.CharField(
        label=label,
        help_text="".join(headings),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写本节内容。"},
    )


class ProposalForm(forms.Form):
    """启东市电子政务工程建设项目建议书 (附件2): its eight sections and the 密级 note."""

    overview = _section(
        "一、项目概述", "（一）项目名称", "（二）项目建设单位", "（三）工程背景", "（四）建设规模", "（五）投资概算"
    )
    necessity = _section(
        "二、项目的意义与必要性",
        "（一）项目提出的背景和依据",
        "（二）现有信息系统装备和信息化应用状况",
        "（三）信息系统装备和应用目前存在的主要问题和差距",
        "（四）项目建设的意义和必要性",
    )
    status_and_needs = _section("三、现状及需求分析")
    content_plan_scale = _section("四、建设内容、方案、规模")
    functions_and_indicators = _section("五、系统功能及主要技术经济指标")
    schedule = _section("六、建设工期及时间安排")
    investment_and_funding = _section("七、投资估算、资金筹措方式及来源")
    benefits = _section("八、效益分析")
    classification_note = forms.CharField(
        label="密级要求（如有）",
        max_length=100,
        required=False,
        help_text="建议书有密级要求时需注明。涉密内容不在本平台填写或上传，按保密规定另行报送（第三十一条）。",
    )

    @classmethod
    def initial_from(cls, proposal) -> dict:
        return {name: getattr(proposal, name) for name in cls.base_fields}


class DocumentUploadForm(forms.Form):
    """One material of a declaration. The kind offered depends on the stage; the file's type is
    judged by its content (documents.domain), in the service."""

    kind = forms.ChoiceField(
        label="材料类型",
        choices=DocumentKind.choices,
        error_messages={"required": "请选择材料类型。", "invalid_choice": "没有这种材料类型。"},
    )
    file = file_field("文件")

    def __init__(self, *args, offered_kinds, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer the kinds of this stage; any kind parses, so the service's refusal reaches the user.
        self.fields["kind"].widget.choices = [(k, label) for k, label in DocumentKind.choices if k in offered_kinds]


# A special-procedure stage is filtered as "special:<code>": the two workflows share some codes (草稿, 已安排资金…).
SPECIAL_STAGE_PREFIX = "special:"
STAGE_CHOICES = [
    ("", "全部状态"),
    (DECLARATION.label, DECLARATION.choices()),
    (SPECIAL.label, [(f"{SPECIAL_STAGE_PREFIX}{code}", label) for code, label in SPECIAL.choices()]),
]


class DeclarationFilterForm(forms.Form):
    """The filters of the declaration list (GET)."""

    plan_year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    procedure = forms.ChoiceField(label="程序", required=False, choices=[("", "全部程序"), *Procedure.choices])
    stage = forms.ChoiceField(label="状态", required=False, choices=STAGE_CHOICES)
    unit = forms.ModelChoiceField(label="申报单位", required=False, queryset=None, empty_label="全部单位")
    nature = forms.ChoiceField(label="性质", required=False, choices=[("", "全部性质"), *Nature.choices])
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *Category.choices])
    q = forms.CharField(label="搜索（编号、名称、单位、内容）", required=False, max_length=100)
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("", "默认（年度、编号）"),
            ("code", "项目编号"),
            ("name", "项目名称"),
            ("unit", "申报单位"),
            ("-year", "年度（新→旧）"),
            ("-amount", "申请资金（多→少）"),
            ("amount", "申请资金（少→多）"),
            ("stage", "状态"),
        ],
    )

    def __init__(self, *args, years, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].choices = [("", "全部年度"), *((y, f"{y} 年度") for y in years)]
        self.fields["unit"].queryset = units

    def filters(self) -> dict:
        """Keyword arguments for selectors_special.declaration_list from the valid filters (invalid ones are
        ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        unit = data.get("unit")
        stage, procedure = data.get("stage") or "", data.get("procedure") or ""
        if stage.startswith(SPECIAL_STAGE_PREFIX):
            stage, procedure = stage.removeprefix(SPECIAL_STAGE_PREFIX), Procedure.SPECIAL
        elif stage and not procedure:
            procedure = Procedure.GENERAL  # a stage of the general procedure's group
        return {
            "plan_year": data.get("plan_year"),
            "procedure": procedure,
            "stage": stage,
            "unit_id": unit.pk if unit else None,
            "nature": data.get("nature") or "",
            "category": data.get("category") or "",
            "q": (data.get("q") or "").strip(),
            "sort": data.get("sort") or "",
        }


class OutlineAcceptForm(forms.Form):
    """第七条(一)(三): the Office accepts a proposal or feasibility study report with outline findings."""

    reason = text_field(
        "接受理由",
        help_text="例如：缺少的章节内容已在其他章节中说明；或网络拓扑图已另行报送。理由记入审计日志。",
    )
