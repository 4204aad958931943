"""Forms of procurement, contracts, licences and payments, and the ledger's filters. They parse and type
input only; the services judge it."""

from __future__ import annotations

from django import forms

from egovpm.core.fields import date_field
from egovpm.core.money import ZERO
from egovpm.documents.fields import file_field
from egovpm.intake.forms.declaration import WanField

from . import domain
from .models import ContractPart, SoftwareLicence

KIND_CHOICES = ContractPart._meta.get_field("kind").choices


def _text(label: str, *, max_length: int = 200, required: bool = True, area: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length if not area else None,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput,
        error_messages={"required": f"请填写{label}。", "max_length": f"{label}最多 {max_length} 个字。"},
    )


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": f"请选择{label}。", "invalid_choice": f"请选择{label}。"},
    )


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        initial=1,
        error_messages={"required": f"请填写{label}。", "invalid": "请填写整数。", "min_value": f"{label}至少为 1。"},
    )


class LineForm(forms.Form):
    """第十一条 优先采购本国货物、工程和服务: one item and its origin."""

    item_name = _text("货物、工程或服务")
    quantity = _count("数量")
    origin = forms.ChoiceField(label="产地", choices=domain.ORIGINS, initial="domestic", widget=forms.RadioSelect)
    foreign_reason = _text("采购进口产品的理由", required=False, area=True)

    def line(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["item_name"],
            "quantity": d["quantity"],
            "origin": d["origin"],
            "foreign_reason": d["foreign_reason"],
        }


class ProcurementForm(LineForm):
    """第十一条: the procurement and its first item."""

    field_order = ("subject", "method", "non_government_reason", "supplier", "amount", "procured_on")
    subject = _text("采购项目名称")
    method = _choice("采购方式", domain.METHODS)
    non_government_reason = _text("不适用政府采购的法定理由", required=False, area=True)
    supplier = _text("供应商")
    amount = WanField(label="采购金额（万元）")
    procured_on = date_field("采购日期")

    def service_arguments(self) -> dict:
        d = self.cleaned_data
        return {
            "subject": d["subject"],
            "method": d["method"],
            "non_government_reason": d["non_government_reason"],
            "supplier": d["supplier"],
            "amount": d["amount"],
            "procured_on": d["procured_on"],
            "lines": [self.line()],
        }


class ContractForm(forms.Form):
    """第十一条 合同管理: the contract, its amount by the estimate's item kinds (第十四条)."""

    number = _text("合同编号", max_length=60)
    name = _text("合同名称")
    supplier = _text("合同相对方（默认同采购供应商）", required=False)
    signed_on = date_field("签订日期")
    upload = file_field("合同文本", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in KIND_CHOICES:
            self.fields[f"part_{code}"] = WanField(label=f"{label}类金额（万元）", required=False)

    def part_fields(self):
        return [self[f"part_{code}"] for code, _ in KIND_CHOICES]

    def service_arguments(self) -> dict:
        d = self.cleaned_data
        return {
            "number": d["number"],
            "name": d["name"],
            "supplier": d["supplier"],
            "signed_on": d["signed_on"],
            "parts": {code: d[f"part_{code}"] for code, _ in KIND_CHOICES if d[f"part_{code}"] > ZERO},
            "upload": d["upload"],
        }


class LicenceForm(forms.Form):
    """第十一条 项目建设必须使用正版软件."""

    product = _text("软件产品")
    licence_type = _choice("授权类型", SoftwareLicence.LicenceType.choices)
    licence_number = _text("授权编号", max_length=100)
    quantity = _count("授权数量")
    evidence = file_field("授权证明")


class PaymentForm(forms.Form):
    """第四条 市财政局 拨付: one payment against the contract."""

    kind = _choice("概算类别", ())
    funding_source = _choice("资金来源", domain.FUNDING_SOURCES)
    amount = WanField(label="拨付金额（万元）")
    paid_on = date_field("拨付日期")
    voucher_number = _text("拨付凭证号", max_length=60, required=False)
    note = _text("说明", required=False, area=True)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)


class LedgerFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label="项目建设单位", queryset=None, required=False, empty_label="全部")
    year = forms.IntegerField(label="资金年度", required=False, min_value=2000, max_value=2999)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"unit_id": d["unit"].pk if d.get("unit") else None, "year": d.get("year")}
