"""Forms of 第十条 filings: the filing itself, routing into a procedure, and the list's filters.
They parse and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field
from egovpm.documents.fields import file_field
from egovpm.filings.models import Filing
from egovpm.intake.forms.declaration import MONEY_ERRORS, WanField
from egovpm.intake.models import Nature, Procedure, SpecialRequest
from egovpm.lifecycle.workflows import FILING
from egovpm.policy.loader import get_policy
from egovpm.projects.models import Category, FiscalShare, WorkKind

YES_NO = (("False", "否"), ("True", "是"))
SPECIAL_FIELDS = ("basis", "unforeseeable_reason", "city_approval_reference", "city_approval_date")


def _infrastructure_choices() -> list[tuple[str, str]]:
    return [(area, area) for area in get_policy().intake.infrastructure_categories]


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "True",
        initial="False",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": "请选择“是”或“否”。"},
    )


class FilingForm(forms.Form):
    """第十条 备案: a project arranged by a higher authority, or started by the department on its own."""

    kind = forms.ChoiceField(
        label="备案类型",
        choices=Filing.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择备案类型。", "invalid_choice": "请选择备案类型。"},
    )
    name = forms.CharField(label="项目名称", max_length=200, error_messages={"required": "请填写项目名称。"})
    higher_authority = forms.CharField(
        label="安排建设的上级机关",
        max_length=200,
        required=False,
        help_text="属上级机关安排建设的项目必填，如“江苏省公安厅”。",
    )
    approval_reference = forms.CharField(
        label="批准或立项文件及文号",
        max_length=200,
        required=False,
        help_text="上级机关的批准文件，或部门自主立项按规定报批的文件（第十条）。",
    )
    category = forms.ChoiceField(
        label="项目类别",
        choices=Category.choices,
        initial=Category.APPLICATION_SYSTEM,
        error_messages={"required": "请选择项目类别（第三条）。", "invalid_choice": "请选择项目类别（第三条）。"},
    )
    work_kind = forms.ChoiceField(
        label="建设类型",
        choices=WorkKind.choices,
        initial=WorkKind.NEW,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择建设类型（第三条）。", "invalid_choice": "请选择建设类型（第三条）。"},
    )
    fiscal_share = forms.ChoiceField(
        label="财政性资金",
        choices=FiscalShare.choices,
        initial=FiscalShare.WHOLE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择全部或部分使用财政性资金（第二条）。",
            "invalid_choice": "请选择全部或部分使用财政性资金（第二条）。",
        },
    )
    capital_subproject = _yes_no("大型基建项目中的电子政务子项目")
    capital_project_name = forms.CharField(label="所属基建项目名称", max_length=200, required=False)
    total_investment = WanField(label="总投资（万元）")
    needs_matching_funds = _yes_no(
        "需要市财政配套资金",
        "需市财政配套的，须在向上级机关申请的同时按一般或特殊申报程序向办公室申报；不需要的，抄送办公室备案即可。",
    )
    matching_amount = forms.DecimalField(
        label="需市财政配套（万元）",
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages=MONEY_ERRORS,
    )
    description = forms.CharField(
        label="建设内容和有关情况",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写建设内容和有关情况。"},
    )
    approval_document = file_field("批准或立项文件")

    def service_arguments(self) -> dict:
        """The keyword arguments of services.filing.filing_create."""
        return dict(self.cleaned_data)


class FilingRouteForm(forms.Form):
    """第十条: route a filing that needs city matching funds into the general or the special procedure.
    The application form (附件1) is pre-filled from the filing; these are what the filing lacks."""

    procedure = forms.ChoiceField(
        label="申报程序",
        choices=Procedure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申报程序。", "invalid_choice": "请选择申报程序。"},
    )
    plan_year = forms.ModelChoiceField(
        label="计划年度",
        queryset=None,
        empty_label=None,
        error_messages={"required": "请选择计划年度。", "invalid_choice": "该年度计划未开放。"},
    )
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
        initial=Nature.NEW,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择项目性质。", "invalid_choice": "请选择项目性质。"},
    )
    # 第六条: infrastructure systems are flagged at declaration for the Office's coordination.
    infrastructure_areas = forms.MultipleChoiceField(
        label="涉及的基础性系统",
        choices=_infrastructure_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="第六条：涉及云计算、云存储、支撑软件、基础应用、协同办公、网络传输、安全防护等基础性系统建设的请勾选，"
        "由办公室决定纳入全市统筹建设或同意单独立项。",
        error_messages={"invalid_choice": "“%(value)s”不是第六条所列的基础性系统。"},
    )
    # 第八条: the special procedure opens for an unforeseeable reason or a city-government approval.
    basis = forms.ChoiceField(
        label="启动特殊申报程序的依据",
        choices=SpecialRequest.Basis.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "请选择启动特殊申报程序的依据（第八条）。"},
    )
    unforeseeable_reason = forms.CharField(
        label="未能按一般程序申报的不可预见原因",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    city_approval_reference = forms.CharField(label="市政府批准文件", max_length=200, required=False)
    city_approval_date = forms.DateField(
        label="批准日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请按 年-月-日 填写日期。"},
    )

    def __init__(self, *args, plan_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].queryset = plan_years
        self.fields["plan_year"].label_from_instance = lambda py: f"{py.year} 年度"

    def service_arguments(self) -> dict:
        """The keyword arguments of services.filing.filing_route; the letter only for the special procedure."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in SPECIAL_FIELDS}
        special = {k: self.cleaned_data[k] for k in SPECIAL_FIELDS}
        data["special"] = special if data["procedure"] == Procedure.SPECIAL else None
        return data


class FilingSupplyForm(forms.Form):
    """The unit's answer to the Office's request, optionally with a document."""

    reason = forms.CharField(label="补充说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    file = file_field("补充材料（可选）", required=False)


class FilingFilterForm(forms.Form):
    """The filters of the filing list (GET)."""

    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *Filing.Kind.choices])
    stage = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *FILING.choices()])
    unit = forms.ModelChoiceField(label="单位", required=False, queryset=None, empty_label="全部单位")
    matching = forms.TypedChoiceField(
        label="市财政配套",
        required=False,
        choices=[("", "不限"), ("yes", "需要配套"), ("no", "不需要配套")],
        coerce=lambda v: v == "yes",
        empty_value=None,
    )
    q = forms.CharField(label="项目名称或编号", required=False, max_length=100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def filters(self) -> dict:
        """Keyword arguments for selectors_filing.filing_list from the valid filters."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        unit = data.get("unit")
        return {
            "kind": data.get("kind") or "",
            "stage": data.get("stage") or "",
            "unit_id": unit.pk if unit else None,
            "matching": data.get("matching"),
            "q": (data.get("q") or "").strip(),
        }
