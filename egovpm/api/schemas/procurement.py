"""第十一条 procurement, contracts and licences, 第四条 payments: bodies of /api/v1/procurement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from egovpm.construction.models import EstimateItemKind
from egovpm.procurement import domain
from egovpm.procurement.models import SoftwareLicence

from .base import Id, Money, PageParams, ProjectRef, Text, UnitRef, _text

MethodCode = Literal[tuple(code for code, _ in domain.METHODS)]  # type: ignore[valid-type]
OriginCode = Literal[tuple(code for code, _ in domain.ORIGINS)]  # type: ignore[valid-type]
SourceCode = Literal[tuple(code for code, _ in domain.FUNDING_SOURCES)]  # type: ignore[valid-type]
KindCode = Literal[tuple(EstimateItemKind.values)]  # type: ignore[valid-type]
LicenceTypeCode = Literal[tuple(SoftwareLicence.LicenceType.values)]  # type: ignore[valid-type]
Quantity = Field(1, ge=1, le=2**31 - 1, description="数量 / Quantity")


class LineIn(Schema):
    """第十一条 优先采购本国货物、工程和服务 / An item and its origin."""

    name: Text = _text("货物、工程或服务 / Goods, works or services", max_length=200, min_length=1)
    quantity: int = Quantity
    origin: OriginCode = Field(description="产地：domestic 本国 / imported 进口 / Origin")
    foreign_reason: Text = _text("采购进口产品的理由（进口时必填） / Why imported (required then)", default="")


class ProcurementIn(Schema):
    subject: Text = _text("采购项目名称 / Subject", max_length=200, min_length=1)
    method: MethodCode = Field(description="采购方式 / Method (non_government: 非政府采购, give the legal reason)")
    non_government_reason: Text = _text("不适用政府采购的法定理由 / Legal reason outside procurement", default="")
    supplier: Text = _text("供应商 / Supplier", max_length=200, min_length=1)
    amount: Money = Field(description="采购金额（万元） / Amount (10k yuan)")
    procured_on: dt.date = Field(description="采购日期 / Date")
    lines: list[LineIn] = Field(min_length=1, max_length=100, description="采购标的 / Items")


class ContractIn(Schema):
    number: Text = _text("合同编号 / Contract number", max_length=60, min_length=1)
    name: Text = _text("合同名称 / Contract name", max_length=200, min_length=1)
    supplier: Text = _text("合同相对方（默认采购供应商） / Counterparty (default: the supplier)", default="")
    signed_on: dt.date = Field(description="签订日期 / Signed on")
    parts: dict[KindCode, Money] = Field(
        description="按概算类别的合同金额（万元），各类累计不得超过核定概算（第十四条） / Amount by estimate item kind"
    )


class LicenceIn(Schema):
    product: Text = _text("软件产品 / Product", max_length=200, min_length=1)
    licence_type: LicenceTypeCode = Field(description="授权类型 / Licence type")
    licence_number: Text = _text("授权编号 / Licence number", max_length=100, min_length=1)
    quantity: int = Quantity


class PaymentIn(Schema):
    kind: KindCode = Field(description="该合同中的概算类别 / Estimate item kind of the contract")
    funding_source: SourceCode = Field(description="资金来源 / Funding source")
    amount: Money = Field(description="拨付金额（万元） / Amount (10k yuan)")
    paid_on: dt.date = Field(description="拨付日期 / Paid on")
    voucher_number: Text = _text("拨付凭证号 / Voucher number", max_length=60, default="")
    note: Text = _text("说明 / Note", default="")


class ContractActionIn(Schema):
    reason: Text = _text("说明（合同履行完毕时必填） / Note", default="")


class LineOut(Schema):
    name: str = Field(description="名称 / Name")
    quantity: int = Field(description="数量 / Quantity")
    origin: str = Field(description="产地代码 / Origin code")
    origin_label: str = Field(description="产地 / Origin")
    foreign_reason: str = Field(description="采购进口产品的理由 / Why imported")


class ProcurementOut(Schema):
    id: int = Field(description="ID / Id")
    subject: str = Field(description="采购项目名称 / Subject")
    method: str = Field(description="采购方式代码 / Method code")
    method_label: str = Field(description="采购方式 / Method")
    non_government_reason: str = Field(
        description="不适用政府采购的法定理由 / Legal reason outside government procurement"
    )
    supplier: str = Field(description="供应商 / Supplier")
    amount: Decimal = Field(description="金额（万元） / Amount (10k yuan)")
    procured_on: dt.date = Field(description="采购日期 / Date")
    lines: list[LineOut] = Field(description="采购标的 / Items")


class PartOut(Schema):
    kind: str = Field(description="概算类别代码 / Estimate item kind code")
    kind_label: str = Field(description="概算类别 / Estimate item kind")
    amount: Decimal = Field(description="金额（万元） / Amount (10k yuan)")


class PaymentOut(Schema):
    id: int = Field(description="ID / Id")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / The project's unit")
    contract_id: int = Field(description="合同 ID / Contract id")
    contract_number: str = Field(description="合同编号 / Contract number")
    supplier: str = Field(description="供应商 / Supplier")
    kind: str = Field(description="概算类别代码 / Estimate item kind code")
    kind_label: str = Field(description="概算类别 / Estimate item kind")
    funding_source: str = Field(description="资金来源代码 / Funding source code")
    funding_source_label: str = Field(description="资金来源 / Funding source")
    amount: Decimal = Field(description="金额（万元） / Amount (10k yuan)")
    paid_on: dt.date = Field(description="拨付日期 / Paid on")
    year: int = Field(description="资金年度 / Year of the funds")
    voucher_number: str = Field(description="拨付凭证号 / Voucher number")


class ContractOut(Schema):
    id: int = Field(description="ID / Id")
    procurement_id: int = Field(description="采购 ID / Procurement id")
    number: str = Field(description="合同编号 / Contract number")
    name: str = Field(description="名称 / Name")
    supplier: str = Field(description="供应商 / Supplier")
    signed_on: dt.date = Field(description="签订日期 / Signed on")
    amount: Decimal = Field(description="金额（万元） / Amount (10k yuan)")
    paid: Decimal = Field(description="已拨付（万元） / Paid (10k yuan)")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    parts: list[PartOut] = Field(description="按概算类别的金额 / Amount by estimate item kind")
    may_disburse: bool = Field(description="您现在能否登记拨付 / Whether you may record a payment now")
    disburse_refusal: str = Field(description="不能拨付的理由 / Why not")


class LicenceOut(Schema):
    id: int = Field(description="ID / Id")
    product: str = Field(description="软件产品 / Product")
    licence_type: str = Field(description="授权类型代码 / Licence type code")
    licence_type_label: str = Field(description="授权类型 / Licence type")
    licence_number: str = Field(description="授权编号 / Licence number")
    quantity: int = Field(description="数量 / Quantity")


class OverviewRow(Schema):
    kind: str = Field(description="概算类别代码 / Estimate item kind code")
    label: str = Field(description="概算类别 / Estimate item kind")
    approved: Decimal = Field(description="核定概算（万元） / Approved estimate")
    contracted: Decimal = Field(description="已签合同（万元） / Contracted")
    uncontracted: Decimal = Field(description="未签合同（万元） / Not yet contracted")
    paid: Decimal = Field(description="已拨付（万元） / Paid (10k yuan)")
    remaining: Decimal = Field(description="概算剩余未拨付（万元） / Estimate left to pay")


class OverviewOut(Schema):
    rows: list[OverviewRow] = Field(description="各概算类别 / Per estimate item kind")
    total: dict[str, Decimal] = Field(description="合计（万元） / Totals")


class ProcurementProjectOut(Schema):
    project: ProjectRef = Field(description="项目 / Project")
    procurements: list[ProcurementOut] = Field(description="采购 / Procurements")
    contracts: list[ContractOut] = Field(description="合同 / Contracts")
    licences: list[LicenceOut] = Field(description="正版软件登记 / Software licences")
    overview: OverviewOut = Field(
        description="核定概算、已签合同、已拨付与剩余 / Estimate, contracted, paid, remaining"
    )


class PaymentFilters(PageParams):
    unit_id: Id | None = Field(None, description="项目建设单位 ID（含下属单位） / Unit id (with subordinates)")
    year: int | None = Field(None, ge=2000, le=2999, description="资金年度 / Year")


class PaymentPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[PaymentOut] = Field(description="本页各条 / Rows of this page")
    total: Decimal = Field(description="合计（万元） / Total")
