"""The information resource catalog (第七条(三), 第十六条)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from .base import (
    OpenAttributeCode,
    PageParams,
    PlanYearNumber,
    ProjectRef,
    ShareTypeCode,
    Text,
    UnitRef,
    UpdateCycleCode,
    _text,
)

# --- catalog ------------------------------------------------------------------------------------


class CatalogEntryIn(Schema):
    """政务信息资源预编目录条目 / An entry of the pre-compiled information resource catalog."""

    name: Text = _text("资源名称 / Resource name", max_length=200, min_length=1)
    code: Text = _text(
        "资源代码（本项目内唯一） / Resource code (unique within the project)", max_length=60, min_length=1
    )
    provider: Text = _text("提供方 / Provider", max_length=200, min_length=1)
    category: Text = _text("分类 / Category", max_length=100, min_length=1)
    summary: Text = _text("摘要 / Summary", max_length=5000, min_length=1)
    format: Text = _text("格式 / Format", max_length=60, min_length=1)
    items: Text = _text("信息项，每行一个 / Data items, one per line", max_length=20000, min_length=1)
    share_type: ShareTypeCode = Field(description="共享类型 / Share type")
    share_condition: Text = _text(
        "共享条件或不予共享依据（有条件共享、不予共享必填） / Condition or legal basis (required unless unconditional)",
        max_length=5000,
        default="",
    )
    open_attribute: OpenAttributeCode = Field(description="开放属性 / Open attribute")
    update_cycle: UpdateCycleCode = Field(description="更新周期 / Update cycle")


class FirstDeclarationRef(Schema):
    id: int = Field(description="申报 ID / Declaration id")
    plan_year: int = Field(description="计划年度 / Plan year")


class CatalogFieldsOut(Schema):
    name: str = Field(description="资源名称 / Resource name")
    code: str = Field(description="资源代码 / Resource code")
    provider: str = Field(description="提供方 / Provider")
    category: str = Field(description="分类 / Category")
    summary: str = Field(description="摘要 / Summary")
    format: str = Field(description="格式 / Format")
    items: list[str] = Field(description="信息项 / Data items")
    share_type: str = Field(description="共享类型代码 / Share type code")
    share_type_label: str = Field(description="共享类型 / Share type")
    share_condition: str = Field(description="共享条件或依据 / Condition or basis")
    open_attribute: str = Field(description="开放属性代码 / Open attribute code")
    open_attribute_label: str = Field(description="开放属性 / Open attribute")
    update_cycle: str = Field(description="更新周期代码 / Update cycle code")
    update_cycle_label: str = Field(description="更新周期 / Update cycle")


class CatalogEntryOut(CatalogFieldsOut):
    id: int = Field(description="条目 ID / Entry id")
    project: ProjectRef = Field(description="所属项目 / Project")
    unit: UnitRef = Field(description="项目建设单位 / The project's unit")
    first_declaration: FirstDeclarationRef = Field(description="首次登记时的申报 / Declared first with")
    version: int = Field(description="当前版本号（每次修改加一） / Current version (one more at each change)")


class CatalogVersionOut(CatalogFieldsOut):
    """目录条目的一个版本（只增不改） / One version of a catalog entry (append-only)."""

    entry_id: int = Field(description="条目 ID（条目删除后仍保留） / Entry id (kept after a removal)")
    number: int = Field(description="版本号 / Version number")
    change: Literal["added", "edited", "removed"] = Field(description="变更代码 / Change code")
    change_label: str = Field(description="变更 / Change")
    changed_fields: list[str] = Field(description="本次修改的字段 / Fields this edit changed")
    changed_at: datetime = Field(description="变更时间（Asia/Shanghai） / When")
    changed_by: str = Field(description="变更人 / By")
    declaration: FirstDeclarationRef = Field(description="变更时所在申报 / The declaration it was changed under")
    stage: str = Field(description="变更时该申报的阶段代码 / That declaration's stage code then")
    stage_label: str = Field(description="变更时该申报的阶段 / That declaration's stage then")


class CatalogPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[CatalogEntryOut] = Field(description="本页各条 / Rows of this page")


class CatalogFilters(PageParams):
    plan_year: PlanYearNumber | None = Field(None, description="计划年度 / Plan year")
    format: Literal["json", "xlsx"] = Field("json", description="json 或 xlsx（全部条目） / json or xlsx (all rows)")


class FormatParam(Schema):
    format: Literal["json", "xlsx"] = Field("json", description="json 或 xlsx / json or xlsx")
