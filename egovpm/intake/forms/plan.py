"""Forms of the annual plan and the budget project library (第七条(四)(五)): they parse and type input;
services decide."""

from __future__ import annotations

from django import forms


class PlanYearOpenForm(forms.Form):
    year = forms.IntegerField(
        label="计划年度",
        min_value=2019,
        max_value=2100,
        help_text="下一年度的计划在本年度申报（第七条(一)）。",
        error_messages={"required": "请填写计划年度。", "invalid": "请输入四位年份。"},
    )
    notes = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BudgetArrangeForm(forms.Form):
    amount = forms.DecimalField(
        label="年度安排资金（万元）",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={"required": "请填写年度安排资金。", "invalid": "请输入金额（万元，最多两位小数）。"},
    )
