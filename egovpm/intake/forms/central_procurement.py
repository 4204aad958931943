"""Forms of 第七条(二): a line of the configuration list, its XLSX import, and the Office's edit of a line of
the centralized procurement plan. They parse and type input; the services judge it."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from egovpm.intake.models import ProcurementCategory


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": f"请填写{label}。",
            "invalid": "请填写金额（万元），最多两位小数。",
            "min_value": "金额不能为负数。",
            "max_decimal_places": "金额最多两位小数。",
            "max_digits": "金额过大。",
            "max_whole_digits": "金额过大。",
        },
    )


def _quantity() -> forms.IntegerField:
    return forms.IntegerField(
        label="数量",
        min_value=1,
        max_value=10**6,
        error_messages={
            "required": "请填写数量。",
            "invalid": "数量应为正整数。",
            "min_value": "数量应为正整数。",
            "max_value": "数量过大。",
        },
    )


class ConfigurationItemForm(forms.Form):
    category = forms.ChoiceField(
        label="类别", choices=ProcurementCategory.choices, error_messages={"required": "请选择类别。"}
    )
    name = forms.CharField(label="品目名称", max_length=100, error_messages={"required": "请填写品目名称。"})
    specification = forms.CharField(label="规格型号", max_length=200, required=False)
    quantity = _quantity()
    unit_price = _money("单价（万元）")
    domestic = forms.BooleanField(label="国产", required=False, initial=True)


class ConfigurationImportForm(forms.Form):
    file = forms.FileField(label="配置清单（XLSX）", error_messages={"required": "请选择要导入的 XLSX 文件。"})


class CentralLineForm(forms.Form):
    quantity = _quantity()
    amount = _money("预算金额（万元）")
