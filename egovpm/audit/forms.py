"""Forms of the audit administrator's pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms

from .labels import all_action_labels
from .services_admin import FORMATS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OUTCOMES = [("", "全部结果"), ("success", "成功"), ("failure", "失败"), ("denied", "拒绝")]


def action_choices() -> list[tuple[str, str]]:
    return [("", "全部动作"), *sorted(((k, f"{v}（{k}）") for k, v in all_action_labels().items()), key=lambda c: c[0])]


class AuditSearchForm(forms.Form):
    """The filters of the audit log (GET); dates are Beijing dates."""

    date_from = forms.DateField(label="开始日期", required=False, widget=DATE)
    date_to = forms.DateField(label="结束日期", required=False, widget=DATE)
    actor = forms.CharField(label="操作人（姓名或用户名）", required=False, max_length=150)
    unit = forms.CharField(label="单位", required=False, max_length=200)
    action = forms.ChoiceField(label="动作", required=False, choices=action_choices)
    object_type = forms.CharField(label="对象类型", required=False, max_length=80)
    object_id = forms.CharField(label="对象编号", required=False, max_length=64)
    outcome = forms.ChoiceField(label="结果", required=False, choices=OUTCOMES)
    ip = forms.GenericIPAddressField(label="来源 IP", required=False)

    def filters(self) -> dict:
        """Keyword arguments for selectors.audit_event_search from the valid filters (an invalid one is
        shown at its field and left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {name: data.get(name) or "" for name in self.fields}
        filters["date_from"], filters["date_to"] = data.get("date_from"), data.get("date_to")
        return filters


class AuditExportForm(forms.Form):
    date_from = forms.DateField(label="开始日期", widget=DATE)
    date_to = forms.DateField(label="结束日期", widget=DATE)
    fmt = forms.ChoiceField(label="格式", choices=list(FORMATS.items()), widget=forms.RadioSelect, initial="jsonl")
