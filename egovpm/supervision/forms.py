"""Forms of supervision: they parse and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field, text_field
from egovpm.documents.fields import file_field

from .domain import INSPECTION_AREAS
from .models import FirmQualification, Sanction


class QualificationForm(forms.Form):
    grade = forms.ChoiceField(label="资质等级", choices=FirmQualification.Grade.choices)
    certificate_number = forms.CharField(
        label="资质证书编号", max_length=60, error_messages={"required": "请填写资质证书编号。"}
    )
    valid_from = date_field("有效期自")
    valid_until = date_field("有效期至")


class AssignForm(forms.Form):
    """第十三条: the firm entrusted, with its contract."""

    firm = forms.ModelChoiceField(
        label="监理单位", queryset=None, empty_label="请选择", error_messages={"required": "请选择监理单位。"}
    )
    contract_number = forms.CharField(
        label="监理合同编号", max_length=60, error_messages={"required": "请填写监理合同编号。"}
    )
    contract_signed_on = date_field("合同签订日期")
    contract = file_field("监理合同")
    reason = text_field("说明", required=False, rows=2, help_text="如：经公开招标确定。")

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms


class ReportForm(forms.Form):
    period_start = date_field("报告期自")
    period_end = date_field("报告期至")
    findings = text_field("监理发现和意见", rows=6)
    document = file_field("监理报告", required=False)


class InformationRequestForm(forms.Form):
    subject = text_field("需提供的资料和情况")
    due = date_field("提供期限")


class InspectionForm(forms.Form):
    scope = text_field(
        "稽察安排",
        help_text="第十八条：执行有关法律、法规和政策的情况，以及招标投标、工程质量、进度、资金使用和概算控制等情况。",
    )


class FindingForm(forms.Form):
    area = forms.ChoiceField(label="稽察内容", choices=INSPECTION_AREAS)
    description = text_field("发现的问题")
    evidence = file_field("证据材料", required=False)
    requirement = text_field("整改要求", required=False, rows=3, help_text="发现违反国家有关规定的，可要求限期整改。")
    due = date_field("整改期限", required=False)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label="处理", choices=Sanction.Kind.choices, widget=forms.RadioSelect)
    reason = text_field("处理的理由")


class ExtendForm(forms.Form):
    """第十八条: the Office extends the deadline of a rectification order."""

    due = date_field("延长至")
    reason = text_field("延期的理由", rows=3)

    def clean_reason(self) -> str:
        if not self.cleaned_data["reason"].strip():
            raise forms.ValidationError("请填写延期的理由。")
        return self.cleaned_data["reason"]


class LiftForm(forms.Form):
    reason = text_field("解除的理由")


class ActFileForm(forms.Form):
    """The file a transition of the table takes (the include projects/_actions.html draws it)."""

    file = file_field("附件", required=False)
