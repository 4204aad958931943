"""Forms of the special procedure (第八条, 第九条): the application letter with the application form
(附件1), the Office's exception, the joint review, the written opinion and Finance's funds. They parse
and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field
from egovpm.intake.models import SpecialRequest

from .declaration import MONEY_ERRORS, ApplicationForm
from .reexamine import ReReviewApproveForm
from .review import ReviewStartForm

LETTER_FIELDS = ("basis", "unforeseeable_reason", "city_approval_reference", "city_approval_date")


class SpecialApplicationForm(ApplicationForm):
    """启动特殊申报程序申请书: the ground of 第八条 and what it states, then the application form."""

    basis = forms.ChoiceField(
        label="启动依据",
        choices=SpecialRequest.Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择启动特殊申报程序的依据（第八条(一)或(三)）。"},
    )
    unforeseeable_reason = forms.CharField(
        label="不可预见的原因",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="第八条(一)：说明由于何种不可预见的原因，未能在前一年度按第七条的规定申报。",
    )
    city_approval_reference = forms.CharField(
        label="市政府批准文件",
        max_length=200,
        required=False,
        help_text="第八条(三)：经市政府批准的项目，填写批准文件的文号或名称；批准文件可作为附件上传。",
    )
    city_approval_date = date_field("批准日期")

    field_order = LETTER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city_approval_date"].required = False

    def letter_data(self) -> dict:
        """The letter's fields, as the services take them."""
        return {name: self.cleaned_data.get(name) for name in LETTER_FIELDS}

    def letter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in LETTER_FIELDS]

    @classmethod
    def initial_from(cls, declaration) -> dict:
        initial = ApplicationForm.initial_from(declaration)
        request = getattr(declaration, "special_request", None)
        if request is not None:
            initial.update({name: getattr(request, name) for name in LETTER_FIELDS})
        return initial


class SpecialCreateForm(SpecialApplicationForm):
    """A new application: the plan year and, optionally, an existing project of the unit (the matter)."""

    plan_year = forms.ModelChoiceField(
        label="计划年度",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "该年度计划尚未开放。", "required": "请选择计划年度。"},
    )
    project = forms.ModelChoiceField(
        label="已有项目（同一事项）",
        queryset=None,
        required=False,
        empty_label="（新项目）",
        help_text="为本单位已有项目申请时选择；同一事项、单个部门原则上每年只能启动一次特殊申报程序（第八条(二)）。",
        error_messages={"invalid_choice": "该项目不属于本单位。"},
    )

    field_order = ["plan_year", "project", *LETTER_FIELDS]

    def __init__(self, *args, plan_years, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].queryset = plan_years
        self.fields["plan_year"].label_from_instance = lambda py: f"{py.year} 年度"
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"


class SpecialExceptionForm(forms.Form):
    """第八条(二): the Office's exception allowing one more application for the same matter this year."""

    unit = forms.ModelChoiceField(
        label="申报单位", queryset=None, empty_label="请选择", error_messages={"required": "请选择申报单位。"}
    )
    plan_year = forms.ModelChoiceField(
        label="计划年度", queryset=None, empty_label=None, error_messages={"required": "请选择计划年度。"}
    )
    project = forms.ModelChoiceField(
        label="事项（项目）",
        queryset=None,
        empty_label="请选择",
        error_messages={"required": "请选择事项（项目）。", "invalid_choice": "请选择已申请过特殊申报程序的项目。"},
    )
    reason = forms.CharField(
        label="例外理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写例外理由（第八条(二)）。"},
    )

    def __init__(self, *args, units, plan_years, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["plan_year"].queryset = plan_years
        self.fields["plan_year"].label_from_instance = lambda py: f"{py.year} 年度"
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: (
            f"{p.code} {p.name}（{p.unit.short_name or p.unit.name}）"
        )


class JointReviewStartForm(ReviewStartForm):
    """第九条(三): the departments' reviewers and experts invited to the joint review."""

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, reviewers=reviewers, **kwargs)
        field = self.fields["reviewers"]
        field.label = "邀请参加会审"
        field.error_messages = {**field.error_messages, "invalid_choice": "所选人员不能受邀参加会审。"}


class SpecialApproveForm(ReReviewApproveForm):
    """第九条(四): the written opinion on a project that passed the joint review, and the approved investment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].help_text = "依据会审意见，对通过会审的项目提出的书面意见；申报单位据此申请财政资金。"


class SpecialFundsArrangeForm(forms.Form):
    """第九条(四): the funds Finance arranges for the project."""

    amount = forms.DecimalField(
        label="安排资金（万元）",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={**MONEY_ERRORS, "required": "请填写安排资金。"},
    )
    library_code = forms.CharField(label="预算项目编码（可选）", max_length=40, required=False)
