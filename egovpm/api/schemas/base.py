"""Request and response bodies of /api/v1/. Every field is described in Chinese and English.

Money is 万元 as a decimal with two places (sent and received as a JSON string such as "200.00"; a
JSON number is read as a decimal, never as a float). Times are ISO 8601 with their offset, dates are
YYYY-MM-DD (Asia/Shanghai)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from egovpm.catalog.models import OpenAttribute, ShareType, UpdateCycle
from egovpm.documents.models import DocumentKind
from egovpm.filings.models import Filing
from egovpm.intake.models import Declaration, Nature, Procedure, ProcurementCategory, Recommendation, SpecialRequest
from egovpm.lifecycle.workflows import FILING, SPECIAL
from egovpm.projects.models import Category, FiscalShare, WorkKind

# Bounds of the database's integer columns: a larger number is refused with 422, never sent to SQL.
MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1
MAX_OFFSET = 10**9


def _storable(value: str) -> str:
    # PostgreSQL cannot store NUL in text, nor can UTF-8 carry a lone surrogate ("\ud800" in JSON):
    # refuse both at the door instead of failing in the database.
    if "\x00" in value:
        raise PydanticCustomError("no_nul", "must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("bad_unicode", "must be valid Unicode text") from None
    return value


Text = Annotated[str, AfterValidator(_storable)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False)]
PlanYearNumber = Annotated[int, Field(ge=2019, le=2100)]

StageCode = Literal[tuple(code for code, _ in Declaration._meta.get_field("stage").choices)]  # type: ignore[valid-type]
NatureCode = Literal[tuple(Nature.values)]  # type: ignore[valid-type]
DocumentKindCode = Literal[tuple(DocumentKind.values)]  # type: ignore[valid-type]
ShareTypeCode = Literal[tuple(ShareType.values)]  # type: ignore[valid-type]
OpenAttributeCode = Literal[tuple(OpenAttribute.values)]  # type: ignore[valid-type]
UpdateCycleCode = Literal[tuple(UpdateCycle.values)]  # type: ignore[valid-type]
RecommendationCode = Literal[tuple(Recommendation.values)]  # type: ignore[valid-type]
ProcurementCategoryCode = Literal[tuple(ProcurementCategory.values)]  # type: ignore[valid-type]
BasisCode = Literal[tuple(SpecialRequest.Basis.values)]  # type: ignore[valid-type]
FilingKindCode = Literal[tuple(Filing.Kind.values)]  # type: ignore[valid-type]
CategoryCode = Literal[tuple(Category.values)]  # type: ignore[valid-type]
WorkKindCode = Literal[tuple(WorkKind.values)]  # type: ignore[valid-type]
FiscalShareCode = Literal[tuple(FiscalShare.values)]  # type: ignore[valid-type]
ProcedureCode = Literal[tuple(Procedure.values)]  # type: ignore[valid-type]
SpecialStageCode = Literal[tuple(s.code for s in SPECIAL.stages)]  # type: ignore[valid-type]
FilingStageCode = Literal[tuple(s.code for s in FILING.stages)]  # type: ignore[valid-type]


def _text(description: str, *, max_length: int | None = None, min_length: int | None = None, default: Any = ...):
    return Field(default, description=description, max_length=max_length, min_length=min_length)


# --- paging -------------------------------------------------------------------------------------


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=200, description="每页条数（1–200） / Page size (1–200)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数 / Number of rows to skip")


class DeclarationFilters(PageParams):
    """与“年度申报”列表页相同的筛选条件 / The same filters as the declaration list page."""

    plan_year: PlanYearNumber | None = Field(None, description="计划年度 / Plan year")
    stage: StageCode | None = Field(None, description="状态（见 /lifecycle） / Stage code (see /lifecycle)")
    unit_id: Id | None = Field(None, description="申报单位 ID / Applicant unit id")
    nature: NatureCode | None = Field(None, description="项目性质 / Nature of the project")
    q: Text | None = Field(
        None,
        max_length=100,
        description=(
            "搜索：项目编号、名称、申报单位或建设内容包含（按编号完全相同、名称、单位、内容排序） / Search: the project"
            " number, name, unit or content contains it (ranked: exact number, name, unit, content)"
        ),
    )
    sort: (
        Literal[
            "code", "-code", "name", "-name", "unit", "-unit", "year", "-year", "amount", "-amount", "stage", "-stage"
        ]
        | None
    ) = Field(None, description="排序，前加 - 为降序 / Sort key, '-' first for descending")

    def selector_kwargs(self) -> dict:
        return {
            "plan_year": self.plan_year,
            "stage": self.stage or "",
            "unit_id": self.unit_id,
            "nature": self.nature or "",
            "q": (self.q or "").strip(),
            "sort": self.sort or "",
        }


# --- references ---------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int = Field(description="单位 ID / Unit id")
    code: str = Field(description="单位代码 / Unit code")
    name: str = Field(description="单位名称 / Unit name")


class UnitOut(UnitRef):
    short_name: str = Field(description="简称 / Short name")
    kind: str = Field(description="类别代码 / Kind code (office, finance, audit, secrecy, department)")
    kind_label: str = Field(description="类别 / Kind, in Chinese")
    parent: UnitRef | None = Field(description="主管部门 / Supervising department, if any")
    is_active: bool = Field(description="启用 / Active")


class UnitPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[UnitOut] = Field(description="本页各条 / Rows of this page")


class ProjectRef(Schema):
    id: int = Field(description="项目 ID / Project id")
    code: str = Field(description="项目编号 / Project code")
    name: str = Field(description="项目名称 / Project name")


class RoleOut(Schema):
    code: str = Field(description="角色代码 / Role code")
    label: str = Field(description="角色名称 / Role name")


class TokenInfo(Schema):
    name: str = Field(description="令牌名称 / Token name")
    prefix: str = Field(description="令牌前 8 个字符 / First 8 characters of the token")
    scope: Literal["read", "write"] = Field(description="权限范围 / Scope")


class MeOut(Schema):
    id: int = Field(description="用户 ID / User id")
    username: str = Field(description="登录名 / Username")
    name: str = Field(description="姓名 / Full name")
    unit: UnitRef | None = Field(description="所属单位（专家无） / Unit (none for experts)")
    roles: list[RoleOut] = Field(description="角色 / Roles")
    token: TokenInfo = Field(description="本次调用所用令牌 / The token of this call")


# --- lifecycle ----------------------------------------------------------------------------------


class StageOut(Schema):
    code: str = Field(description="状态代码 / Stage code")
    label: str = Field(description="状态名称（办公室视角） / Stage name")
    applicant_label: str = Field(description="申报单位看到的名称 / Name shown to the applicant unit")
    terminal: bool = Field(description="是否终结状态 / Whether the stage ends the procedure")
    article: str = Field(description="依据条款 / Article of the regulation")


class TransitionOut(Schema):
    action: str = Field(description="操作代码（POST …/actions/{action}） / Action code")
    label: str = Field(description="操作名称 / Action name")
    sources: list[str] = Field(description="可从哪些状态办理 / Stages it starts from")
    target: str = Field(description="办理后的状态 / Stage it leads to")
    actor: str = Field(description="办理方：applicant/supervisor/office/finance / The party who takes it")
    roles: list[str] = Field(description="可办理的角色 / Roles that may take it")
    article: str = Field(description="依据条款 / Article of the regulation")
    requires_reason: bool = Field(description="是否必须填写理由 / Whether a reason is required")
    reason_label: str = Field(description="理由的名称 / What the reason is called")
    guards: list[str] = Field(description="前提条件 / Preconditions checked by the rules")
    deadline: str = Field(description="期限（见政策） / Deadline key of the policy")
    fields: list[str] = Field(description="请求体中除 reason 外还需的字段 / Body fields needed besides reason")
    api: bool = Field(description="能否通过本接口办理 / Whether this API takes the action")


class WorkflowOut(Schema):
    name: str = Field(description="流程代码 / Workflow code")
    label: str = Field(description="流程名称 / Workflow name")
    initial: str = Field(description="初始状态 / Initial stage")
    stages: list[StageOut] = Field(description="状态 / Stages")
    transitions: list[TransitionOut] = Field(description="操作 / Transitions")


class LifecycleOut(Schema):
    workflows: list[WorkflowOut] = Field(
        description="一般申报程序（declaration）、特殊申报程序（special）、备案（filing） / The workflows of the table"
    )
