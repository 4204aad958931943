"""Declarations (第七条(一)) and projects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from .base import (
    MAX_INT,
    DocumentKindCode,
    Id,
    Money,
    NatureCode,
    PlanYearNumber,
    ProcurementCategoryCode,
    ProjectRef,
    Text,
    UnitRef,
    _text,
)

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


class OutlineSectionOut(Schema):
    code: str = Field(description="编写要求中的章节编号（如 3、6.7） / Number in the outline")
    label: str = Field(description="章节 / The section as the outline names it")


class OutlineCheckOut(Schema):
    status: str = Field(
        description="checked 已检查 / no_text PDF 无文字层 / unsupported 格式无法检查 / unreadable 无法读取"
    )
    message: str = Field(description="说明 / Why it could not be checked, or what was read")
    summary: str = Field(description="检查结果 / The findings in one sentence")
    missing_sections: list[OutlineSectionOut] = Field(description="缺少的必备章节 / Required sections missing")
    missing_annexes: list[str] = Field(description="缺少的附件 / Required annexes missing")
    headings_found: int = Field(description="识别到的章节数 / Headings recognised")
    accepted: bool = Field(description="缺项已由办公室接受 / The Office accepted the findings")
    accepted_by: str | None = Field(description="接受人 / Accepted by")
    accepted_at: dt.datetime | None = Field(description="接受时间 / Accepted at")
    accept_reason: str = Field(description="接受理由 / Why")


class OutlineAcceptIn(Schema):
    reason: Text = _text("接受章节缺项的理由 / Why the Office accepts the findings", max_length=20000)


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
    outline_check: OutlineCheckOut | None = Field(
        None,
        description="对照附件2、附件3编写要求的章节检查（仅项目建议书、可行性研究报告） / The outline check"
        " (proposal and feasibility study report only)",
    )


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
