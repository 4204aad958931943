"""Request and response bodies of /api/v1/. Every field is described in Chinese and English.

Money is 万元 as a decimal with two places (sent and received as a JSON string such as "200.00"; a
JSON number is read as a decimal, never as a float). Times are ISO 8601 with their offset, dates are
YYYY-MM-DD (Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from egovpm.catalog.models import OpenAttribute, ShareType, UpdateCycle
from egovpm.documents.models import DocumentKind
from egovpm.intake.models import (
    Declaration,
    Filing,
    Nature,
    Procedure,
    ProcurementCategory,
    Recommendation,
    SpecialRequest,
)
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
    q: Text | None = Field(None, max_length=100, description="项目名称或编号包含 / Project name or code contains")

    def selector_kwargs(self) -> dict:
        return {
            "plan_year": self.plan_year,
            "stage": self.stage or "",
            "unit_id": self.unit_id,
            "nature": self.nature or "",
            "q": (self.q or "").strip(),
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


# --- plan years ---------------------------------------------------------------------------------


class PlanYearOut(Schema):
    year: int = Field(description="计划年度 / Plan year")
    opened_at: dt.datetime = Field(description="开放时间 / Opened at")
    notes: str = Field(description="说明 / Notes")
    declaration_open: bool = Field(
        description="一般申报程序是否正在受理（第七条(一)） / Whether the general declaration window is open"
    )


class PlanYearIn(Schema):
    year: PlanYearNumber = Field(description="计划年度（2019–2100） / Plan year (2019–2100)")
    notes: Text = _text("说明 / Notes", max_length=2000, default="")


# --- declarations -------------------------------------------------------------------------------


class ApplicationIn(Schema):
    """启东市电子政务工程建设项目申报表（附件1） / The application form (Attachment 1)."""

    name: Text = _text("项目名称 / Project name", max_length=200, min_length=1)
    leader_name: Text = _text("项目负责人 / Project leader", max_length=50, min_length=1)
    leader_phone: Text = _text("联系电话 / Phone", max_length=30, min_length=1)
    start_date: dt.date = Field(description="启动日期 / Start date")
    planned_end_date: dt.date = Field(description="计划完成日期 / Planned end date")
    nature: NatureCode = Field(
        description="项目性质 / Nature: new 新建, continuing 续建, carried_over 结转, maintenance 维护, other 其他"
    )
    purpose_and_content: Text = _text("建设目的和内容 / Purpose and content", max_length=20000, min_length=1)
    plan_compiled: bool = Field(description="规划编制 / A plan was compiled")
    plan_expert_reviewed: bool = Field(description="规划通过专家论证 / The plan passed expert review")
    total_investment: Money = Field(description="预计总投资（万元） / Estimated total investment (10k yuan)")
    annual_requirement: Money = Field(description="年度需要资金（万元） / Funds needed this year (10k yuan)")
    prior_total: Money = Field(Decimal("0.00"), description="历年已安排资金·合计 / Funds arranged before: total")
    prior_fiscal: Money = Field(Decimal("0.00"), description="历年已安排资金·财政拨款 / before: fiscal")
    prior_self_raised: Money = Field(Decimal("0.00"), description="历年已安排资金·单位自筹 / before: self-raised")
    prior_national: Money = Field(Decimal("0.00"), description="历年已安排资金·国家下拨 / before: national")
    prior_other: Money = Field(Decimal("0.00"), description="历年已安排资金·其他 / before: other")
    current_total: Money = Field(description="本年度申请资金·合计 / Requested this year: total")
    current_fiscal: Money = Field(description="本年度申请资金·其中申请财政拨款 / Requested: fiscal")
    current_self_raised: Money = Field(Decimal("0.00"), description="本年度申请资金·单位自筹 / Requested: self-raised")
    current_national: Money = Field(Decimal("0.00"), description="本年度申请资金·国家下拨 / Requested: national")
    current_other: Money = Field(Decimal("0.00"), description="本年度申请资金·其他 / Requested: other")
    attachments_note: Text = _text("申报附件 / Attachments listed", max_length=5000, default="")
    remarks: Text = _text("备注 / Remarks", max_length=5000, default="")

    def application_data(self) -> dict:
        return self.model_dump(exclude={"name", "plan_year", "project_id"})


class DeclarationCreateIn(ApplicationIn):
    plan_year: PlanYearNumber = Field(description="申报的计划年度 / Plan year declared for")
    project_id: Id | None = Field(
        None,
        description="本单位已有项目（续建、结转、维护等）；新项目不填 / Existing project of the unit; omit for a new one",
    )


class ProposalIn(Schema):
    """项目建议书（附件2）八节 / The eight sections of the project proposal (Attachment 2)."""

    overview: Text = _text("一、项目概述 / 1 Overview", max_length=20000)
    necessity: Text = _text("二、项目的意义与必要性 / 2 Significance and necessity", max_length=20000)
    status_and_needs: Text = _text("三、现状及需求分析 / 3 Current state and needs", max_length=20000)
    content_plan_scale: Text = _text("四、建设内容、方案、规模 / 4 Content, plan, scale", max_length=20000)
    functions_and_indicators: Text = _text("五、系统功能及主要技术经济指标 / 5 Functions, indicators", max_length=20000)
    schedule: Text = _text("六、建设工期及时间安排 / 6 Schedule", max_length=20000)
    investment_and_funding: Text = _text("七、投资估算、资金筹措方式及来源 / 7 Investment, funding", max_length=20000)
    benefits: Text = _text("八、效益分析 / 8 Benefits", max_length=20000)
    classification_note: Text = _text(
        "密级要求（如有；涉密内容不在本平台填写） / Classification note (classified content is never stored here)",
        max_length=100,
        default="",
    )


class ProposalOut(ProposalIn):
    pass


class DeclarationSummaryOut(Schema):
    id: int = Field(description="申报 ID / Declaration id")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="申报单位 / Applicant unit")
    plan_year: int = Field(description="计划年度 / Plan year")
    procedure: str = Field(description="申报程序：general 一般 / special 特殊 / Procedure")
    procedure_label: str = Field(description="申报程序 / Procedure")
    nature: str = Field(description="项目性质代码 / Nature code")
    nature_label: str = Field(description="项目性质 / Nature")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    stage_changed_at: dt.datetime = Field(description="状态变更时间 / Stage changed at")
    total_investment: Decimal = Field(description="预计总投资（万元） / Total investment (10k yuan)")
    current_total: Decimal = Field(description="本年度申请资金合计（万元） / Requested this year (10k yuan)")
    submitted_at: dt.datetime | None = Field(description="申报日期 / Submitted at")


class DeclarationPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[DeclarationSummaryOut] = Field(
        description="本页各条，按年度倒序、项目编号、ID / Rows, by year desc, code, id"
    )


class ActionOfferOut(Schema):
    action: str = Field(description="操作代码 / Action code")
    label: str = Field(description="操作名称 / Action name")
    allowed: bool = Field(description="现在能否办理 / Whether it may be taken now")
    reason: str = Field(description="不能办理的理由 / Why not, if not allowed")
    requires_reason: bool = Field(description="是否必须填写理由 / Whether a reason is required")
    reason_label: str = Field(description="理由的名称 / What the reason is called")
    fields: list[str] = Field(description="请求体中除 reason 外还需的字段 / Body fields needed besides reason")
    article: str = Field(description="依据条款 / Article")


class DocumentOut(Schema):
    id: int = Field(description="文件 ID / Document id")
    kind: str = Field(description="材料类型代码 / Kind code")
    kind_label: str = Field(description="材料类型 / Kind")
    version: int = Field(description="版本（同类材料递增） / Version within its kind")
    original_name: str = Field(description="文件名 / File name")
    content_type: str = Field(description="按内容识别的类型 / Content type judged by content")
    size: int = Field(description="大小（字节） / Size in bytes")
    sha256: str = Field(description="文件的 SHA-256 摘要 / SHA-256 digest of the file")
    uploaded_by: str = Field(description="上传人 / Uploaded by")
    uploaded_at: dt.datetime = Field(description="上传时间 / Uploaded at")
    declaration_id: int = Field(description="所属申报 ID / Declaration id")
    download_url: str = Field(description="下载地址 / Download URL")


class InvitationBrief(Schema):
    id: int = Field(description="邀请 ID / Invitation id")
    party: str = Field(description="参与方代码 / Party code (finance, audit, expert)")
    party_label: str = Field(description="参与方 / Party")
    reviewer: str = Field(description="受邀人 / Reviewer")
    due_date: dt.date = Field(description="意见截止日期 / Opinion due")
    recommendation: str = Field(description="结论建议代码（未提交为空） / Recommendation code (empty until submitted)")
    opinion: str = Field(description="意见 / Opinion")
    submitted_at: dt.datetime | None = Field(description="提交时间 / Submitted at")


class ProcurementItemIn(Schema):
    category: ProcurementCategoryCode = Field(description="类别：equipment 设备 / software 软件 / Category")
    name: Text = _text("品目名称 / Item name", max_length=100, min_length=1)
    specification: Text = _text("规格要求 / Specification", max_length=200, default="")
    quantity: int = Field(ge=1, le=MAX_INT, description="数量 / Quantity")
    estimated_amount: Money = Field(description="预算金额（万元） / Estimated amount (10k yuan)")


class ProcurementItemOut(Schema):
    id: int = Field(description="品目 ID / Item id")
    declaration_id: int = Field(description="申报 ID / Declaration id")
    category: str = Field(description="类别代码 / Category code")
    category_label: str = Field(description="类别 / Category")
    name: str = Field(description="品目名称 / Item name")
    specification: str = Field(description="规格要求 / Specification")
    quantity: int = Field(description="数量 / Quantity")
    estimated_amount: Decimal = Field(description="预算金额（万元） / Estimated amount (10k yuan)")


class ApprovalOpinionOut(Schema):
    number: str = Field(description="文号 / Document number")
    issued_on: dt.date = Field(description="出具日期 / Issued on")
    text: str = Field(description="书面意见 / Written opinion")
    approved_amount: Decimal = Field(description="核定投资（万元） / Approved investment (10k yuan)")


class BudgetEntryOut(Schema):
    library_code: str = Field(description="预算项目库编码 / Budget library code")
    placed_at: dt.datetime = Field(description="入库时间 / Placed at")
    arranged_amount: Decimal | None = Field(description="年度安排资金（万元） / Funds arranged (10k yuan)")
    arranged_at: dt.datetime | None = Field(description="安排登记时间 / Arranged at")


class DeclarationOut(DeclarationSummaryOut):
    """申报详情 / Declaration detail."""

    leader_name: str = Field(description="项目负责人 / Project leader")
    leader_phone: str = Field(description="联系电话 / Phone")
    start_date: dt.date = Field(description="启动日期 / Start date")
    planned_end_date: dt.date = Field(description="计划完成日期 / Planned end date")
    purpose_and_content: str = Field(description="建设目的和内容 / Purpose and content")
    plan_compiled: bool = Field(description="规划编制 / A plan was compiled")
    plan_expert_reviewed: bool = Field(description="规划通过专家论证 / The plan passed expert review")
    annual_requirement: Decimal = Field(description="年度需要资金（万元） / Funds needed this year")
    prior_total: Decimal = Field(description="历年已安排资金·合计 / Arranged before: total")
    prior_fiscal: Decimal = Field(description="历年已安排资金·财政拨款 / before: fiscal")
    prior_self_raised: Decimal = Field(description="历年已安排资金·单位自筹 / before: self-raised")
    prior_national: Decimal = Field(description="历年已安排资金·国家下拨 / before: national")
    prior_other: Decimal = Field(description="历年已安排资金·其他 / before: other")
    current_fiscal: Decimal = Field(description="本年度申请·财政拨款 / Requested: fiscal")
    current_self_raised: Decimal = Field(description="本年度申请·单位自筹 / Requested: self-raised")
    current_national: Decimal = Field(description="本年度申请·国家下拨 / Requested: national")
    current_other: Decimal = Field(description="本年度申请·其他 / Requested: other")
    attachments_note: str = Field(description="申报附件 / Attachments listed")
    remarks: str = Field(description="备注 / Remarks")
    supervising_unit: UnitRef | None = Field(description="主管部门 / Supervising department")
    initial_opinion: str = Field(description="初审意见或不予安排理由（第七条(二)） / Initial-review opinion or reason")
    feasibility_submitted_at: dt.datetime | None = Field(description="可研材料报送时间 / Feasibility sent at")
    re_review_count: int = Field(description="复核次数 / Number of re-reviews")
    return_reason: str = Field(description="复核退还理由 / Reason of the return")
    sent_to_finance_at: dt.datetime | None = Field(description="报送财政时间 / Sent to Finance at")
    missing_materials: list[str] = Field(description="报送前还缺的材料（仅申报单位草稿） / Still missing (own drafts)")
    proposal: ProposalOut | None = Field(description="项目建议书（在线填写） / Proposal filled online")
    documents: list[DocumentOut] = Field(description="各类材料的当前版本 / Current version of each material")
    invitations: list[InvitationBrief] = Field(
        description="初审邀请与意见（仅办公室与受邀方可见） / Invitations and opinions (Office and reviewers only)"
    )
    procurement_items: list[ProcurementItemOut] = Field(description="集中采购品目 / Centralized procurement items")
    catalog_entry_count: int = Field(description="资源目录条目数 / Number of catalog entries")
    approval_opinion: ApprovalOpinionOut | None = Field(description="复核书面意见 / Written approval opinion")
    budget_entry: BudgetEntryOut | None = Field(description="预算项目库条目 / Budget library entry")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions for you now")


class EventOut(Schema):
    id: int = Field(description="审计事件 ID / Audit event id")
    seq: int = Field(description="链上序号 / Sequence number in the chain")
    created_at: dt.datetime = Field(description="时间 / Time")
    action: str = Field(description="动作代码 / Action code")
    action_label: str = Field(description="动作 / Action")
    actor_name: str = Field(description="操作人 / Actor")
    actor_unit: str = Field(description="操作人单位 / Actor's unit")
    object_type: str = Field(description="对象类型 / Object type")
    object_id: str = Field(description="对象 ID / Object id")
    reason: str = Field(description="理由或意见 / Reason or opinion")
    before: dict[str, Any] = Field(description="变更前 / Before")
    after: dict[str, Any] = Field(description="变更后 / After")


class DocumentUploadB64(Schema):
    kind: DocumentKindCode = Field(description="材料类型 / Kind of material")
    filename: Text = _text(
        "文件名（扩展名须与内容一致） / File name (extension must match content)", max_length=150, min_length=1
    )
    content_base64: str = Field(
        max_length=40_000_000, description="文件内容，Base64 编码 / File content, Base64-encoded"
    )


class ActionIn(Schema):
    """办理一项流程操作 / Take a lifecycle action."""

    reason: Text = _text(
        "理由或意见（见各操作的 reason_label；不予安排、退回等必填） / Reason or opinion (required by some actions)",
        max_length=20000,
        default="",
    )
    review_round_id: Id | None = Field(None, description="初审轮次（start_initial_review） / Review round")
    reviewer_ids: list[Id] = Field(
        default_factory=list,
        max_length=50,
        description="受邀财政、审计人员或专家（start_initial_review、start_joint_review） / Reviewers",
    )
    approved_amount: Money | None = Field(
        None, description="核定投资（approve、approve_special，万元） / Approved investment"
    )
    amount: Money | None = Field(
        None, description="安排资金（arrange_funds、arrange_special_funds，万元） / Funds arranged"
    )
    library_code: Text | None = Field(
        None,
        max_length=40,
        description="预算项目库编码（place_in_budget_library、arrange_special_funds） / Budget library code",
    )
    coordinated_item_id: Id | None = Field(
        None,
        description="统筹建设事项（fold_into_coordination，第六条；reason 为统筹说明） / Coordinated item",
    )
    documents: list[DocumentUploadB64] = Field(
        default_factory=list,
        max_length=10,
        description="随操作上传的材料，与操作同一事务 / Materials uploaded with the action, in one transaction",
    )


class ActionOut(Schema):
    declaration_id: int = Field(description="申报 ID / Declaration id")
    action: str = Field(description="已办理的操作 / Action taken")
    action_label: str = Field(description="操作名称 / Action name")
    stage: str = Field(description="新状态代码 / New stage code")
    stage_label: str = Field(description="新状态 / New stage")
    audit_event_id: int = Field(description="刚写入的审计事件 ID / Id of the audit event just written")
    audit_event_seq: int = Field(description="该事件在链上的序号 / Its sequence number in the chain")
    documents: list[DocumentOut] = Field(description="随操作上传的材料 / Materials uploaded with it")


# --- projects -----------------------------------------------------------------------------------


class ProjectDeclarationOut(Schema):
    id: int = Field(description="申报 ID / Declaration id")
    plan_year: int = Field(description="计划年度 / Plan year")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")


class ProjectOut(ProjectRef):
    unit: UnitRef = Field(description="项目建设单位 / Unit that builds it")
    created_at: dt.datetime = Field(description="创建时间 / Created at")
    declarations: list[ProjectDeclarationOut] = Field(description="您可见的各年度申报 / Its declarations you may see")


class ProjectPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[ProjectOut] = Field(description="本页各条，按项目编号、ID / Rows, by project code then id")


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


class DeclarationRef(Schema):
    id: int = Field(description="申报 ID / Declaration id")
    plan_year: int = Field(description="计划年度 / Plan year")
    stage: str = Field(description="状态代码 / Stage code")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="申报单位 / Unit")


class CatalogEntryOut(Schema):
    id: int = Field(description="条目 ID / Entry id")
    declaration: DeclarationRef = Field(description="所属申报 / Declaration")
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


class CatalogPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[CatalogEntryOut] = Field(description="本页各条 / Rows of this page")


class CatalogFilters(PageParams):
    plan_year: PlanYearNumber | None = Field(None, description="计划年度 / Plan year")
    format: Literal["json", "xlsx"] = Field("json", description="json 或 xlsx（全部条目） / json or xlsx (all rows)")


class FormatParam(Schema):
    format: Literal["json", "xlsx"] = Field("json", description="json 或 xlsx / json or xlsx")


# --- review -------------------------------------------------------------------------------------


class ReviewRoundIn(Schema):
    plan_year: PlanYearNumber = Field(description="计划年度 / Plan year")
    name: Text = _text("轮次名称，如“第一批初审” / Round name", max_length=100, min_length=1)
    notes: Text = _text("说明 / Notes", max_length=5000, default="")


class ReviewRoundOut(Schema):
    id: int = Field(description="轮次 ID / Round id")
    plan_year: int = Field(description="计划年度 / Plan year")
    name: str = Field(description="轮次名称 / Round name")
    notes: str = Field(description="说明 / Notes")
    opened_at: dt.datetime = Field(description="开启时间 / Opened at")
    opened_by: str = Field(description="开启人 / Opened by")


class ReviewRoundListOut(ReviewRoundOut):
    declaration_count: int = Field(description="项目数 / Declarations")
    invitation_count: int = Field(description="邀请数 / Invitations")
    opinion_count: int = Field(description="已提交意见数 / Opinions submitted")


class ProcurementPlanRow(Schema):
    category: str = Field(description="类别代码 / Category code")
    category_label: str = Field(description="类别 / Category")
    name: str = Field(description="品目名称 / Item name")
    specification: str = Field(description="规格要求 / Specification")
    quantity: int = Field(description="合计数量 / Total quantity")
    amount: Decimal = Field(description="合计预算金额（万元） / Total amount (10k yuan)")
    projects: list[str] = Field(description="需要的项目编号 / Codes of the projects that need it")


class ReviewRoundDetailOut(ReviewRoundOut):
    declarations: list[DeclarationSummaryOut] = Field(description="本轮项目 / Declarations of the round")
    procurement_plan: list[ProcurementPlanRow] = Field(
        description="集中采购计划（第七条(二)） / Central procurement plan"
    )
    procurement_amount: Decimal = Field(description="集中采购合计（万元） / Total (10k yuan)")


class ReviewerOut(Schema):
    id: int = Field(description="用户 ID / User id")
    name: str = Field(description="姓名 / Name")
    unit: str = Field(description="单位 / Unit")


class ReviewerGroupOut(Schema):
    party: str = Field(description="参与方代码 / Party code")
    label: str = Field(description="参与方 / Party")
    users: list[ReviewerOut] = Field(description="可邀请的人员 / Users who may be invited")


class InvitationOut(InvitationBrief):
    invited_at: dt.datetime = Field(description="邀请时间 / Invited at")
    declaration: DeclarationSummaryOut = Field(description="项目 / Declaration")


class OpinionIn(Schema):
    recommendation: RecommendationCode = Field(
        description="结论建议：pass 建议通过 / adjust 建议调整后通过 / not_arrange 建议不予安排 / Recommendation"
    )
    opinion: Text = _text("书面调整意见或评价 / Written opinion", max_length=20000, min_length=1)


# --- plan and budget library ----------------------------------------------------------------------


class PlanDeclarationOut(DeclarationSummaryOut):
    supervising_unit: UnitRef | None = Field(description="主管部门 / Supervising department")
    current_fiscal: Decimal = Field(description="其中申请财政拨款（万元） / Requested fiscal funds")
    current_self_raised: Decimal = Field(description="单位自筹（万元） / Self-raised")
    current_national: Decimal = Field(description="国家下拨（万元） / National")
    current_other: Decimal = Field(description="其他（万元） / Other")
    initial_opinion: str = Field(description="初审意见 / Initial-review opinion")
    sent_to_finance_at: dt.datetime | None = Field(description="报送财政时间 / Sent to Finance at")
    approval_number: str = Field(description="复核文号 / Approval opinion number")
    approved_amount: Decimal | None = Field(description="核定投资（万元） / Approved investment")
    library_code: str = Field(description="预算项目库编码 / Budget library code")
    arranged_amount: Decimal | None = Field(description="年度安排资金（万元） / Funds arranged")


class TotalsOut(Schema):
    count: int = Field(description="项目数 / Number of projects")
    total_investment: Decimal = Field(description="预计总投资合计 / Total investment")
    current_total: Decimal = Field(description="本年度申请资金合计 / Requested this year")
    current_fiscal: Decimal = Field(description="其中申请财政拨款 / of which fiscal")
    current_self_raised: Decimal = Field(description="单位自筹 / Self-raised")
    current_national: Decimal = Field(description="国家下拨 / National")
    current_other: Decimal = Field(description="其他 / Other")
    approved_amount: Decimal = Field(description="核定投资合计 / Approved")
    arranged_amount: Decimal = Field(description="年度安排资金合计 / Arranged")


class TransmissionOut(Schema):
    id: int = Field(description="报送 ID / Transmission id")
    sent_at: dt.datetime = Field(description="报送时间 / Sent at")
    sent_by: str = Field(description="报送人 / Sent by")
    project_count: int = Field(description="项目数 / Projects")
    total_amount: Decimal = Field(description="申请资金合计（万元） / Total requested")


class PlanOut(Schema):
    year: int = Field(description="计划年度 / Plan year")
    title: str = Field(description="标题 / Title")
    sent: bool = Field(description="是否已报送财政局 / Whether sent to Finance")
    transmissions: list[TransmissionOut] = Field(description="报送记录 / Transmissions")
    totals: TotalsOut = Field(description="合计 / Totals")
    declarations: list[PlanDeclarationOut] = Field(description="项目，按项目编号 / Projects, by code")


class BudgetFilters(Schema):
    plan_year: PlanYearNumber | None = Field(None, description="计划年度 / Plan year")


class SendOut(TransmissionOut):
    audit_event_id: int = Field(description="刚写入的审计事件 ID / Id of the audit event just written")


class BudgetLibraryOut(Schema):
    to_place: list[PlanDeclarationOut] = Field(description="待入库（已报送） / To place (sent)")
    awaiting_plan: list[PlanDeclarationOut] = Field(description="复核通过、办公室尚未报送 / Approved, not sent yet")
    placed: list[PlanDeclarationOut] = Field(description="已入库待安排资金 / Placed, awaiting funds")
    funded: list[PlanDeclarationOut] = Field(description="已安排资金 / Funded")


# --- audit --------------------------------------------------------------------------------------


class AuditHeadOut(Schema):
    seq: int = Field(description="最新事件序号（链长） / Sequence number of the newest event (chain length)")
    hash: str = Field(description="最新事件哈希 / Hash of the newest event")
    created_at: dt.datetime | None = Field(description="最新事件时间 / Time of the newest event")


class AuditVerifyOut(Schema):
    ok: bool = Field(description="链是否完整 / Whether the chain verifies")
    count: int = Field(description="已校验的事件数 / Events verified")
    broken_seq: int | None = Field(description="第一处断裂的序号 / First broken link")
    reason: str = Field(description="断裂原因 / Why it is broken")
    head: AuditHeadOut = Field(description="链头 / Head of the chain")


# --- 第六条 coordination --------------------------------------------------------------------------


class InfrastructureDecisionIn(Schema):
    reason: Text = _text("同意单独立项的理由（第六条） / Why it may be a standalone project", max_length=20000)


class InfrastructureDecisionOut(Schema):
    declaration_id: int = Field(description="申报 ID / Declaration id")
    decision: str = Field(description="决定代码：standalone 单独立项 / coordinated 纳入统筹 / Decision code")
    decision_label: str = Field(description="决定 / Decision")
    reason: str = Field(description="理由 / Reason")
    coordinated_item_id: int | None = Field(description="统筹建设事项 ID / Coordinated item id")
    decided_by: str = Field(description="决定人 / Decided by")
    decided_at: dt.datetime = Field(description="决定时间 / Decided at")
    stage: str = Field(description="申报状态（不变） / Stage of the declaration (unchanged)")
    audit_event_id: int = Field(description="刚写入的审计事件 ID / Id of the audit event just written")


# --- 第八条, 第九条 special procedure ---------------------------------------------------------------


class SpecialLetterFields(Schema):
    basis: BasisCode = Field(
        description="启动依据：unforeseeable 不可预见的原因（第八条(一)） / city_approved 经市政府批准（第八条(三)） / Basis"
    )
    unforeseeable_reason: Text = _text(
        "未能按一般程序申报的原因（unforeseeable 必填） / The unforeseeable reason (required for unforeseeable)",
        max_length=20000,
        default="",
    )
    city_approval_reference: Text = _text(
        "市政府批准文件（city_approved 必填） / City approval reference (required for city_approved)",
        max_length=200,
        default="",
    )
    city_approval_date: dt.date | None = Field(None, description="批准日期 / Approval date")


class SpecialApplicationIn(ApplicationIn, SpecialLetterFields):
    """启动特殊申报程序申请书（第九条(一)）及申报表（附件1） / The application letter with the form of Attachment 1."""

    plan_year: PlanYearNumber = Field(description="计划年度（本年度或以后） / Plan year (this year or later)")
    project_id: Id | None = Field(None, description="本单位已有项目；新项目不填 / Existing project of the unit")

    def application_data(self) -> dict:
        return self.model_dump(
            exclude={"name", "plan_year", "project_id", *SpecialLetterFields.model_fields},
        )

    def letter_data(self) -> dict:
        return {k: getattr(self, k) for k in SpecialLetterFields.model_fields}


class SpecialFilters(PageParams):
    """与“特殊申报”列表页相同 / The same filters as the special applications page."""

    stage: SpecialStageCode | None = Field(None, description="状态 / Stage code")
    plan_year: PlanYearNumber | None = Field(None, description="计划年度 / Plan year")


class SpecialApplicationOut(DeclarationSummaryOut):
    basis: str = Field(description="启动依据代码 / Basis code")
    basis_label: str = Field(description="启动依据 / Basis")
    unforeseeable_reason: str = Field(description="不可预见的原因 / Unforeseeable reason")
    city_approval_reference: str = Field(description="市政府批准文件 / City approval reference")
    city_approval_date: dt.date | None = Field(description="批准日期 / Approval date")
    required_materials: str = Field(description="办公室要求报送的材料（第九条(二)） / Materials required")
    approval_number: str = Field(description="书面意见文号（第九条(四)） / Written opinion number")
    approved_amount: Decimal | None = Field(description="核定投资（万元） / Approved investment")
    arranged_amount: Decimal | None = Field(description="安排资金（万元） / Funds arranged")


class SpecialPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[SpecialApplicationOut] = Field(
        description="本页各条，按年度倒序、创建时间倒序 / Rows, by year desc, created desc"
    )


# --- 第十条 filings ------------------------------------------------------------------------------


class FilingFilters(PageParams):
    """与“备案”列表页相同的筛选条件 / The same filters as the filing list page."""

    kind: FilingKindCode | None = Field(None, description="备案类型 / Kind")
    stage: FilingStageCode | None = Field(None, description="状态 / Stage code")
    unit_id: Id | None = Field(None, description="备案单位 ID / Unit id")
    matching: bool | None = Field(None, description="需要市财政配套资金 / Needs city matching funds")
    q: Text | None = Field(None, max_length=100, description="项目名称或编号包含 / Project name or code contains")

    def selector_kwargs(self) -> dict:
        return {
            "kind": self.kind or "",
            "stage": self.stage or "",
            "unit_id": self.unit_id,
            "matching": self.matching,
            "q": (self.q or "").strip(),
        }


class FilingIn(Schema):
    """第十条 备案 / A filing (multipart form fields; the file is approval_document)."""

    kind: FilingKindCode = Field(
        description="备案类型：higher_authority 上级机关安排建设 / self_initiated 部门自主立项 / Kind"
    )
    name: Text = _text("项目名称 / Project name", max_length=200, min_length=1)
    higher_authority: Text = _text(
        "安排建设的上级机关（higher_authority 必填） / Higher authority", max_length=200, default=""
    )
    approval_reference: Text = _text("批准或立项文件及文号 / Approval reference", max_length=200, default="")
    total_investment: Money = Field(description="总投资（万元） / Total investment (10k yuan)")
    needs_matching_funds: bool = Field(False, description="需要市财政配套资金 / Needs city matching funds")
    matching_amount: Money | None = Field(None, description="需市财政配套（万元） / City matching amount")
    description: Text = _text("建设内容和有关情况 / Content and circumstances", max_length=20000, min_length=1)
    category: CategoryCode = Field(Category.APPLICATION_SYSTEM, description="项目类别（第三条） / Category")
    work_kind: WorkKindCode = Field(WorkKind.NEW, description="建设类型（第三条） / Kind of work")
    fiscal_share: FiscalShareCode = Field(
        FiscalShare.WHOLE, description="全部或部分使用财政性资金（第二条） / Whole or part fiscal funds"
    )
    capital_subproject: bool = Field(
        False, description="大型基建项目中的电子政务子项目（第二条） / Sub-project of a capital project"
    )
    capital_project_name: Text = _text("所属基建项目名称 / Capital project name", max_length=200, default="")


class FilingDocumentOut(Schema):
    id: int = Field(description="文件 ID / Document id")
    kind: str = Field(description="材料类型代码 / Kind code")
    kind_label: str = Field(description="材料类型 / Kind")
    version: int = Field(description="版本 / Version")
    original_name: str = Field(description="文件名 / File name")
    content_type: str = Field(description="按内容识别的类型 / Content type judged by content")
    size: int = Field(description="大小（字节） / Size in bytes")
    sha256: str = Field(description="SHA-256 摘要 / SHA-256 digest")
    uploaded_by: str = Field(description="上传人 / Uploaded by")
    uploaded_at: dt.datetime = Field(description="上传时间 / Uploaded at")


class FilingSummaryOut(Schema):
    id: int = Field(description="备案 ID / Filing id")
    project: ProjectRef = Field(description="项目 / Project")
    unit: UnitRef = Field(description="备案单位 / Unit")
    kind: str = Field(description="备案类型代码 / Kind code")
    kind_label: str = Field(description="备案类型 / Kind")
    stage: str = Field(description="状态代码 / Stage code")
    stage_label: str = Field(description="状态 / Stage")
    needs_matching_funds: bool = Field(description="需要市财政配套资金 / Needs city matching funds")
    matching_amount: Decimal | None = Field(description="需市财政配套（万元） / City matching amount")
    total_investment: Decimal = Field(description="总投资（万元） / Total investment")
    filed_at: dt.datetime = Field(description="备案时间 / Filed at")
    routed_declaration_id: int | None = Field(description="转入申报程序后的申报 ID / Declaration it was routed into")


class FilingOut(FilingSummaryOut):
    higher_authority: str = Field(description="安排建设的上级机关 / Higher authority")
    approval_reference: str = Field(description="批准或立项文件 / Approval reference")
    description: str = Field(description="建设内容和有关情况 / Content and circumstances")
    filed_by: str = Field(description="报送人 / Filed by")
    stage_changed_at: dt.datetime = Field(description="状态变更时间 / Stage changed at")
    documents: list[FilingDocumentOut] = Field(description="备案材料 / Documents of the filing")
    actions: list[ActionOfferOut] = Field(description="您现在可办理的操作 / Actions for you now")


class FilingPage(Schema):
    count: int = Field(description="总条数 / Total number of rows")
    items: list[FilingSummaryOut] = Field(description="本页各条，按备案时间倒序 / Rows, newest filing first")


class FilingActionIn(Schema):
    """办理备案的操作 / Take an action on a filing."""

    reason: Text = _text(
        "要求补充的情况（request_filing_info）或补充的情况（supply_filing_info） / Question or answer",
        max_length=20000,
        default="",
    )
    procedure: ProcedureCode | None = Field(None, description="申报程序（route_filing） / Procedure")
    plan_year: PlanYearNumber | None = Field(None, description="计划年度（route_filing） / Plan year")
    leader_name: Text = _text("项目负责人（route_filing） / Project leader", max_length=50, default="")
    leader_phone: Text = _text("联系电话（route_filing） / Phone", max_length=30, default="")
    start_date: dt.date | None = Field(None, description="启动日期（route_filing） / Start date")
    planned_end_date: dt.date | None = Field(None, description="计划完成日期（route_filing） / Planned end date")
    nature: NatureCode = Field("new", description="项目性质（route_filing） / Nature")
    infrastructure_areas: list[Annotated[Text, Field(max_length=50)]] = Field(
        default_factory=list, max_length=20, description="涉及的基础性系统（第六条） / Infrastructure systems"
    )
    basis: BasisCode | None = Field(None, description="特殊申报程序的启动依据（第八条） / Basis (special)")
    unforeseeable_reason: Text = _text("不可预见的原因 / Unforeseeable reason", max_length=20000, default="")
    city_approval_reference: Text = _text("市政府批准文件 / City approval reference", max_length=200, default="")
    city_approval_date: dt.date | None = Field(None, description="批准日期 / Approval date")

    def special(self) -> dict:
        return {
            "basis": self.basis or "",
            "unforeseeable_reason": self.unforeseeable_reason,
            "city_approval_reference": self.city_approval_reference,
            "city_approval_date": self.city_approval_date,
        }


class FilingActionOut(Schema):
    filing_id: int = Field(description="备案 ID / Filing id")
    action: str = Field(description="已办理的操作 / Action taken")
    action_label: str = Field(description="操作名称 / Action name")
    stage: str = Field(description="新状态代码 / New stage code")
    stage_label: str = Field(description="新状态 / New stage")
    routed_declaration_id: int | None = Field(description="转入后的申报 ID / Declaration routed into")
    audit_event_id: int = Field(description="刚写入的审计事件 ID / Id of the audit event just written")
