"""Forms of acceptance: they parse and type input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field, text_field
from egovpm.documents.fields import file_field

from .domain import BASES, MEMBER_KINDS, REVIEW_AREAS


class DocumentForm(forms.Form):
    """附件4 六, 第二十条: one typed document with its author and date."""

    subject = forms.CharField(label="合同或子系统", max_length=120, required=False)
    author_organisation = forms.CharField(
        label="编制单位", max_length=120, error_messages={"required": "请填写编制单位。"}
    )
    author_person = forms.CharField(label="编制人", max_length=60, error_messages={"required": "请填写编制人。"})
    dated = date_field("报告日期")
    document = file_field("报告文件")

    def __init__(self, *args, slot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].label = slot.label
        if slot.many:
            self.fields["subject"].required = True
            self.fields["subject"].error_messages["required"] = "请填写合同或子系统名称。"
            self.fields["subject"].help_text = "依据合同组织单项验收：每个合同或子系统一份（附件4 六(一)）。"
        else:
            del self.fields["subject"]


class ExtensionForm(forms.Form):
    requested_due = date_field("申请延期至")
    reason = text_field("延期理由", rows=3, help_text="因特殊原因不能按时提交竣工验收申请报告的原因（附件4 一）。")


class DelegateForm(forms.Form):
    reason = text_field(
        "委托理由",
        required=False,
        rows=3,
        help_text="概算不超过管理办法限额的可不填写；超过的，请写明建设内容较简单的理由（第十九条）。",
    )


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label="成员类别", choices=MEMBER_KINDS)
    user = forms.ModelChoiceField(label="人员", queryset=None, required=False, empty_label="请选择")
    unit = forms.ModelChoiceField(label="受邀部门", queryset=None, required=False, empty_label="请选择")
    duty = forms.CharField(label="职责", max_length=60, required=False, help_text="如：组长、技术组、财务组。")

    def __init__(self, *args, users, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["unit"].queryset = units


class CheckForm(forms.Form):
    evidence = text_field("证据", rows=3, help_text="查阅的文件、测试记录、现场核查情况等。")
    passed = forms.TypedChoiceField(
        label="是否满足",
        choices=(("yes", "满足"), ("no", "不满足")),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择是否满足。"},
    )
    note = text_field("说明", required=False, rows=2, help_text="不满足的，请写明情况。")


class ReviewForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label="检查内容（附件4 七(二)）", choices=REVIEW_AREAS, required=False, widget=forms.CheckboxSelectMultiple
    )
    bases = forms.MultipleChoiceField(
        label="验收依据（附件4 三）", choices=BASES, required=False, widget=forms.CheckboxSelectMultiple
    )
    findings = text_field("检查情况", rows=5)
