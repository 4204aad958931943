"""Pure rules of acceptance (第十九条 to 第二十一条, 附件4 验收工作大纲): the typed documents of initial
acceptance and of the completion acceptance application, the checklist of the completion acceptance
(附件4 二 its four tasks, 附件4 四 its six conditions), what the group reviews (附件4 七(二)) against which
bases (附件4 三), who may sit in the group, delegation to the unit, and the six-month clock. No Django:
services and facts providers pass the facts in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from egovpm.lifecycle.engine import Actor, Facts, Guard, Party
from egovpm.policy.domain import is_past


@dataclass(frozen=True)
class Slot:
    """A typed document of initial acceptance or of the application (its documents.Document kind), with
    the article that asks for it; `many`: one per contract or subsystem."""

    kind: str
    label: str
    article: str
    many: bool = False
    help: str = ""


SINGLE_ITEM = Slot(
    "single_item_report",
    "单项或专项验收报告",
    "附件4 六",
    many=True,
    help="项目建设单位依据合同组织单项验收，每个合同或子系统一份（附件4 六(一)）。",
)
RISK_ASSESSMENT = Slot(
    "risk_assessment_report",
    "信息安全风险评估报告",
    "第二十条",
    help="项目建设单位或相关单位组织信息安全风险评估（第二十条、附件4 六(二)）。",
)
INITIAL_REPORT = Slot(
    "initial_acceptance_report",
    "初步验收报告",
    "第二十条",
    help="项目建设单位对项目的工程、技术、财务和档案等进行验收，形成初步验收报告（附件4 六(三)）。",
)
SUMMARY = Slot("construction_summary", "项目建设总结", "第二十条")
FINANCIAL = Slot("financial_details", "项目财务明细", "第二十条")
MLPS = Slot("mlps_assessment_report", "等级测评报告", "第二十条")
BUDGET = Slot("budget_execution_report", "预算执行情况报告和初步的财务决算", "附件4 四")
ARCHIVES = Slot("archive_list", "档案文件清单（档案文件整理齐全）", "附件4 四")

SLOTS = (SINGLE_ITEM, RISK_ASSESSMENT, INITIAL_REPORT, SUMMARY, FINANCIAL, MLPS, BUDGET, ARCHIVES)
SLOT_BY_KIND = {s.kind: s for s in SLOTS}

# 第二十条: the resource catalog goes with the application; it is the project's current catalog (catalog app).
CATALOG = "resource_catalog"
CATALOG_LABEL = "政务信息资源目录"

# 第二十条 and 附件4 四(五)(六), 六: what the completion acceptance application cannot go without, in the
# order the refusal names them.
APPLICATION_REQUIRES: tuple[tuple[str, str], ...] = (
    (SUMMARY.kind, SUMMARY.label),
    (INITIAL_REPORT.kind, INITIAL_REPORT.label),
    (FINANCIAL.kind, FINANCIAL.label),
    (CATALOG, CATALOG_LABEL),
    (MLPS.kind, MLPS.label),
    (RISK_ASSESSMENT.kind, RISK_ASSESSMENT.label),
    (BUDGET.kind, BUDGET.label),
    (ARCHIVES.kind, ARCHIVES.label),
    (SINGLE_ITEM.kind, SINGLE_ITEM.label),
)


def application_missing(present: Iterable[str]) -> list[str]:
    """The labels of what the application still lacks, in order; `present` holds the kinds at hand (and
    CATALOG when the project has a current resource catalog)."""
    have = set(present)
    return [label for kind, label in APPLICATION_REQUIRES if kind not in have]


def application_refusal(missing: list[str]) -> str:
    return "竣工验收申请须附：" + "、".join(missing) + "（第二十条、附件4 四、六），请补齐后再提交。"


@dataclass(frozen=True)
class CheckItem:
    code: str
    label: str
    article: str
    group: str  # task (附件4 二) or condition (附件4 四)


TASK, CONDITION = "task", "condition"

# 附件4 二 验收任务 and 四 验收条件: what the completion acceptance group checks, each with evidence and a
# pass/fail note.
CHECKLIST = (
    CheckItem("task_goals", "审查项目的建设目标、规模、内容、质量及资金使用等情况", "附件4 二", TASK),
    CheckItem("task_assets", "审核项目形成的资产情况", "附件4 二", TASK),
    CheckItem("task_delivery", "评价项目交付使用情况", "附件4 二", TASK),
    CheckItem("task_law", "检查项目建设单位执行国家法律、法规情况", "附件4 二", TASK),
    CheckItem(
        "built_to_design",
        "网络、应用、安全等主体工程和辅助设施已按照设计建成，能满足系统运行的需要",
        "附件4 四",
        CONDITION,
    ),
    CheckItem("tested", "主体工程和配套设施经测试和试运行合格", "附件4 四", CONDITION),
    CheckItem(
        "protection_built",
        "系统运行环境的保护、安全、消防等设施已按照设计与主体工程同时建成并经试运行合格",
        "附件4 四",
        CONDITION,
    ),
    CheckItem("ready_for_use", "投入使用的各项准备工作已经完成，能适应项目正常运行的需要", "附件4 四", CONDITION),
    CheckItem("budget_report", "完成预算执行情况报告和初步的财务决算", "附件4 四", CONDITION),
    CheckItem("archives", "档案文件整理齐全", "附件4 四", CONDITION),
)
CHECK_BY_CODE = {c.code: c for c in CHECKLIST}

# 附件4 七(二): what the group reviews, and 附件4 三: the bases it reviews against.
REVIEW_AREAS = (
    ("construction", "建设"),
    ("design", "设计"),
    ("supervision", "监理"),
    ("works", "施工"),
    ("procurement", "招标采购"),
    ("archives", "档案资料"),
    ("estimate", "预（概）算执行"),
    ("final_accounts", "财务决算"),
)
BASES = (
    ("law_and_standards", "国家有关法律、法规，以及国家关于信息系统和电子政务建设项目的标准"),
    ("feasibility_approval", "经批准的建设项目可行性研究报告及意见文件"),
    ("contracts", "建设项目的合同文件、施工图、设备和软件技术说明书"),
)


def checklist_missing(recorded: Iterable[str]) -> list[str]:
    have = set(recorded)
    return [c.label for c in CHECKLIST if c.code not in have]


def checklist_failed(results: Mapping[str, bool]) -> list[str]:
    return [c.label for c in CHECKLIST if results.get(c.code) is False]


def review_problems(areas: Iterable[str], bases: Iterable[str], opinion: str) -> dict[str, str]:
    """附件4 七(二): every area reviewed, against at least one basis of 附件4 三, with the group's findings."""
    found = {}
    missing = [label for code, label in REVIEW_AREAS if code not in set(areas)]
    if missing:
        found["areas"] = "请逐项检查：" + "、".join(missing) + "（附件4 七(二)）。"
    if not set(bases) & {code for code, _ in BASES}:
        found["bases"] = "请选择检查所依据的验收依据（附件4 三）。"
    if not opinion.strip():
        found["findings"] = "请填写检查情况。"
    return found


# The group (附件4 七(一)) -----------------------------------------------------------------------------------

OFFICE_STAFF, EXPERT, DEPARTMENT = "office_staff", "expert", "department"
MEMBER_KINDS = ((OFFICE_STAFF, "办公室工作人员"), (EXPERT, "专家"), (DEPARTMENT, "受邀部门"))


def member_problem(
    *, kind: str, member_unit_id: int | None, project_unit_id: int, is_expert: bool, is_office: bool
) -> str:
    """Why this person or department may not sit in the project's completion acceptance group ("" when
    they may): a member from the project's own unit is refused (回避)."""
    if member_unit_id is not None and member_unit_id == project_unit_id:
        return "项目建设单位的人员不能作为本项目竣工验收组成员（回避）。"
    if kind == EXPERT and not is_expert:
        return "请选择在平台登记的专家。"
    if kind == OFFICE_STAFF and not is_office:
        return "请选择办公室的工作人员。"
    return ""


def group_formed(kinds: Iterable[str]) -> bool:
    """The Office's group has its own staff and at least one expert (附件4 七(一))."""
    have = set(kinds)
    return OFFICE_STAFF in have and EXPERT in have


# Delegation (第十九条 对建设规模较小或建设内容较简单的…可委托项目建设单位组织竣工验收) ------------------------------


def delegation_basis(estimate_total: Decimal | None, threshold: Decimal) -> str:
    """ "threshold" when the approved estimate is within the policy's 建设规模较小; otherwise the Office's
    decision must say why the content is simple ("decision")."""
    if estimate_total is not None and estimate_total <= threshold:
        return "threshold"
    return "decision"


# The clock (第二十条) ----------------------------------------------------------------------------------------

OPEN_STAGES = ("initial_acceptance",)
APPLIED_OR_LATER = ("completion_applied", "in_completion_acceptance", "accepted", "acceptance_failed", "filed")
ACCEPTED_STAGES = ("accepted", "filed")
FAILED = "acceptance_failed"


def clock_state(*, stage: str, due: dt.date | None, today: dt.date, remind_days: int) -> str:
    """ "overdue" (the six months passed without an application), "due_soon" (within the reminder),
    "running", or "stopped" (applied)."""
    if stage not in OPEN_STAGES or due is None:
        return "stopped"
    if is_past(due, today):
        return "overdue"
    if (due - today).days <= remind_days:
        return "due_soon"
    return "running"


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    return None if due is None else (due - today).days


def completion_accepted(stage: str | None) -> bool:
    return stage in ACCEPTED_STAGES


# Guards and the party ------------------------------------------------------------------------------------

APPLICATION_COMPLETE = "application_complete"
GUARDS = (
    Guard(APPLICATION_COMPLETE, "竣工验收申请材料不全（第二十条）。"),
    Guard("group_formed", "请先组建竣工验收组：办公室工作人员和专家（附件4 七(一)）。"),
    Guard("checklist_complete", "请先逐项填写验收任务和验收条件的检查情况（附件4 二、四）。"),
    Guard("checklist_passed", "有验收条件未满足，不能作出验收通过的结论（附件4 四）。"),
    Guard(
        "review_recorded",
        "请先记录对建设、设计、监理、施工、招标采购、档案资料、预（概）算执行和财务决算的检查（附件4 七(二)）。",
    ),
    Guard("not_delegated", "竣工验收已委托项目建设单位组织。"),
    Guard("no_extension_pending", "已有延期验收申请待项目审批部门决定。"),
    Guard("completion_accepted", "项目尚未通过竣工验收（第二十一条）。"),
)


def _organizer(actor: Actor, facts: Facts) -> tuple[bool, str]:
    units = facts.party_units.get("acceptance_organizer", frozenset())
    return (
        actor.unit_id is not None and actor.unit_id in units,
        "竣工验收由办公室组织；委托项目建设单位组织的，由项目建设单位办理（第十九条）。",
    )


# 第十九条: the Office, or the unit under delegation.
ORGANIZER = Party("acceptance_organizer", "竣工验收组织单位", _organizer)
