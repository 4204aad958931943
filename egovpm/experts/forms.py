"""The pages' forms of the expert library; the services judge what the forms cannot (ties, recusal)."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field, text_field
from egovpm.orgs.models import Unit

from . import domain
from .models import ExpertTie


def _fields_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="专业领域",
        choices=domain.FIELDS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个专业领域。", "invalid_choice": "专业领域不在专家库的领域之列。"},
    )


def _unit_field(label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, required=False, queryset=Unit.objects.filter(is_active=True).order_by("code")
    )


class ProfileForm(forms.Form):
    fields = _fields_field()
    title = forms.CharField(label="职称", max_length=60, error_messages={"required": "请填写职称。"})
    employer = forms.CharField(label="工作单位", max_length=200, error_messages={"required": "请填写工作单位。"})
    employer_unit = _unit_field("工作单位为本市单位的，请选择")
    region = forms.CharField(label="所在地区", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)


class EnrolForm(ProfileForm):
    user = forms.ModelChoiceField(label="专家账号", queryset=None, error_messages={"required": "请选择专家账号。"})

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.order_fields(["user"])


class StatusForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("verify", "核实"), ("suspend", "暂停"), ("reinstate", "恢复"), ("remove", "移出")],
        widget=forms.HiddenInput,
    )
    reason = text_field("理由", rows=2)


class TieForm(forms.Form):
    kind = forms.ChoiceField(label="关系", choices=ExpertTie.Kind.choices)
    unit = _unit_field("本市单位（监理单位、曾工作单位）")
    name = forms.CharField(label="单位名称（供应商等）", max_length=200, required=False)
    ended_on = date_field("关系终止日期（仍在的不填）", required=False)


class UnavailabilityForm(forms.Form):
    start = date_field("起始日期")
    end = date_field("结束日期")
    note = forms.CharField(label="说明", max_length=200, required=False)


class DrawForm(forms.Form):
    """How many experts of which fields (第七条(二), 第九条(三)): one count per field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in domain.FIELDS:
            self.fields[f"count_{code}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=15,
                error_messages={
                    "invalid": "请填写人数（整数）。",
                    "min_value": "人数不能为负。",
                    "max_value": "每个领域至多 15 人。",
                },
            )

    def requirements(self) -> list[dict]:
        return [
            {"field": code, "count": self.cleaned_data.get(f"count_{code}") or 0}
            for code, _ in domain.FIELDS
            if self.cleaned_data.get(f"count_{code}")
        ]


class PickForm(forms.Form):
    expert = forms.ModelChoiceField(label="专家", queryset=None, error_messages={"required": "请选择专家。"})
    field = forms.ChoiceField(label="专业领域", choices=domain.FIELDS)
    reason = text_field("人工指定的理由", rows=2)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label="答复",
        choices=[("accept", "接受邀请"), ("decline", "谢绝"), ("conflict", "申报回避")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择答复。"},
    )
    no_conflict = forms.BooleanField(
        label="本人声明：与本项目的申报单位、主管部门、供应商和监理单位均无应当回避的关系", required=False
    )
    reason = forms.CharField(label="谢绝的理由或回避的情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ScoreSheetForm(forms.Form):
    def __init__(self, *args, sheet: domain.Sheet, **kwargs):
        super().__init__(*args, **kwargs)
        for c in sheet.criteria:
            self.fields[f"score_{c.code}"] = forms.DecimalField(
                label=f"{c.label}（满分 {c.weight}）",
                min_value=0,
                max_value=c.weight,
                decimal_places=2,
                max_digits=5,
                error_messages={
                    "required": f"请填写“{c.label}”的得分。",
                    "invalid": "请填写数字。",
                    "min_value": "得分不能为负。",
                    "max_value": f"得分不能超过 {c.weight} 分。",
                    "max_decimal_places": "得分至多两位小数。",
                },
            )
        self.fields["comment"] = text_field("评审意见", rows=4)
        self.sheet = sheet

    def scores(self) -> dict:
        return {c.code: str(self.cleaned_data[f"score_{c.code}"]) for c in self.sheet.criteria}
