"""Forms of accountability: they parse and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field, text_field
from egovpm.documents.fields import file_field

from .domain import KIND_CHOICES, MEASURES


class ViolationForm(forms.Form):
    """第三十条: the Office records a violation for its decision."""

    project = forms.ModelChoiceField(
        label="项目", queryset=None, empty_label="请选择", error_messages={"required": "请选择项目。"}
    )
    kind = forms.ChoiceField(
        label="违规行为", choices=(("", "请选择"), *KIND_CHOICES), error_messages={"required": "请选择违规行为。"}
    )
    facts = text_field("违规事实和证据")
    evidence = file_field("证据材料", required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label="处理", choices=(("", "请选择"), *MEASURES), error_messages={"required": "请选择处理方式。"}
    )
    description = text_field("处理决定")
    persons = text_field(
        "负有直接责任的主管人员和其他责任人员",
        required=False,
        rows=2,
        help_text="提请处分或移交时填写，多人以“、”分隔；姓名仅办公室和审计局可见。",
    )
    authority = forms.CharField(label="提请或移交的部门", required=False, max_length=200)


class EvidenceForm(forms.Form):
    evidence = file_field("证据材料")


class ClassificationForm(forms.Form):
    project = forms.ModelChoiceField(
        label="项目", queryset=None, empty_label="请选择", error_messages={"required": "请选择项目。"}
    )
    basis = text_field("标记依据", rows=2, help_text="如：市保密局认定意见的文号和日期。不填写涉密内容。")

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class GuidanceForm(forms.Form):
    guidance = text_field("保密指导意见", help_text="只登记办理要求（报送方式、保管要求等），不填写涉密内容。")
    given_on = date_field("指导日期")
