"""第七条(二): the configuration list and the centralized procurement plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from .base import Money, ProcurementCategoryCode, Text, _text


class ConfigurationItemIn(Schema):
    category: ProcurementCategoryCode = Field(description="类别：equipment 硬件 / software 软件")
    name: Text = _text("品目名称 / Item", max_length=100, min_length=1)
    specification: Text = _text("规格型号 / Specification", max_length=200, default="")
    quantity: int = Field(ge=1, le=10**6, description="数量 / Quantity")
    unit_price: Money = Field(description="单价（万元） / Unit price (10,000 yuan)")
    domestic: bool = Field(True, description="国产 / Domestic")


class ConfigurationItemOut(Schema):
    id: int = Field(description="条目 ID / Line id")
    category: str = Field(description="类别代码 / Category code")
    name: str = Field(description="品目名称 / Item")
    specification: str = Field(description="规格型号 / Specification")
    quantity: int = Field(description="数量 / Quantity")
    unit_price: Decimal = Field(description="单价（万元） / Unit price")
    amount: Decimal = Field(description="金额（万元） / Amount")
    domestic: bool = Field(description="国产 / Domestic")


class CentralLineOut(Schema):
    id: int = Field(description="品目 ID / Line id")
    category: str = Field(description="类别代码 / Category code")
    name: str = Field(description="品目名称 / Item")
    specification: str = Field(description="规格型号 / Specification")
    quantity: int = Field(description="数量合计 / Total quantity")
    amount: Decimal = Field(description="预算金额合计（万元） / Total amount")
    declaration_ids: list[int] = Field(description="需求项目的申报 ID / The declarations that need it")


class CentralPlanOut(Schema):
    plan_year: int = Field(description="计划年度 / Plan year")
    issued: bool = Field(description="已印发 / Issued")
    number: str = Field(description="文号（印发后） / Number, once issued")
    issued_on: dt.date | None = Field(description="印发日期 / Issued on")
    amount: Decimal = Field(description="金额合计（万元） / Total amount")
    lines: list[CentralLineOut] = Field(description="品目 / Lines")
