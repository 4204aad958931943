"""Pure rules of operations (第二十一条 to 第二十四条): what a project that has not passed completion
acceptance is refused (operation, the Audit bureau's final audit, O&M funds), what entering operation
needs (第二十二条), the lawful O&M modes (第二十三条) and the incidents recorded in operation. No Django:
services and facts providers pass the facts in."""

from __future__ import annotations

import datetime as dt

from egovpm.lifecycle.engine import Actor, Facts, Guard, Party

# The value the acceptance app contributes to the project (projects.engine.register_guard_values): True once
# completion acceptance concluded "accepted". Operations only reads it.
COMPLETION_ACCEPTED = "completion_accepted"

# 第二十一条 未通过验收的项目，不得投入运行，市审计部门不予审计，市财政部门不予安排项目运行维护经费。
NOT_ACCEPTED_OPERATION = "该项目尚未通过竣工验收：未通过验收的项目，不得投入运行（第二十一条）。"
NOT_ACCEPTED_AUDIT = "该项目尚未通过竣工验收：未通过验收的项目，市审计部门不予审计（第二十一条）。"
NOT_ACCEPTED_FUNDS = "该项目尚未通过竣工验收：未通过验收的项目，市财政部门不予安排项目运行维护经费（第二十一条）。"
# 第二十二条, 第二十四条: O&M funds are for a project the unit runs.
NOT_IN_OPERATION_FUNDS = (
    "该项目已通过竣工验收但尚未投入运行：运行维护经费只为投入运行的项目申报和安排（第二十一条、第二十四条）。"
)

ACCEPTED_FOR_OPERATION = "accepted_for_operation"
OPERATION_PREPARED = "operation_prepared"
MODE_RECORDED = "mode_recorded"
# Contributed to intake's declaration; the declaration workflow's submit and funds steps name it.
MAINTENANCE_FUNDS_ALLOWED = "maintenance_funds_allowed"

GUARDS = (
    Guard(ACCEPTED_FOR_OPERATION, NOT_ACCEPTED_OPERATION),
    Guard(
        OPERATION_PREPARED,
        "请先登记项目运行机构、管理制度和运行维护费用的落实情况（第二十二条 项目建设单位负责制）。",
    ),
    Guard(MODE_RECORDED, "请先确定运行维护方式：自管、集中运维或外包运维（第二十三条）。"),
    Guard(MAINTENANCE_FUNDS_ALLOWED, NOT_ACCEPTED_FUNDS),
)


def _anyone_with_the_role(actor: Actor, facts: Facts) -> tuple[bool, str]:
    return True, ""


# 第二十一条 市审计部门: the Audit bureau, whoever holds its role.
AUDIT = Party("audit", "市审计局", _anyone_with_the_role)

# 第二十三条: 项目建设单位自管、集中运维或外包运维.
SELF, CENTRALIZED, OUTSOURCED = "self", "centralized", "outsourced"
MODES = ((SELF, "项目建设单位自管"), (CENTRALIZED, "集中运维"), (OUTSOURCED, "外包运维"))
# The procurement app's method outside government procurement (egovpm.procurement.domain.NON_GOVERNMENT).
NON_GOVERNMENT = "non_government"

INCIDENT_KINDS = (
    ("security", "信息安全事件"),
    ("outage", "系统故障或运行中断"),
    ("data", "数据丢失或损坏"),
    ("other", "其他运行事件"),
)
SEVERITIES = (("minor", "一般"), ("major", "较大"), ("serious", "重大"), ("critical", "特别重大"))


def accepted(values: dict[str, bool]) -> bool:
    """Whether completion acceptance concluded "accepted", from what the apps contribute to the project."""
    return bool(values.get(COMPLETION_ACCEPTED, False))


def preparation_problems(*, operating_body: str, cost_assurance: str, has_rules: bool) -> dict[str, str]:
    """第二十二条: the unit 确立项目运行机构，制定相应的管理制度，落实运行维护费用."""
    found = {}
    if not operating_body.strip():
        found["operating_body"] = "请填写项目运行机构（第二十二条）。"
    if not cost_assurance.strip():
        found["cost_assurance"] = "请说明运行维护费用如何落实（第二十二条）。"
    if not has_rules:
        found["rules"] = "请上传项目运行维护管理制度（第二十二条）。"
    return found


def mode_problems(
    *,
    mode: str,
    entrusted_body: str,
    entrusted_qualification: str,
    procurement_chosen: bool,
    procurement_method: str = "",
) -> dict[str, str]:
    """第二十三条: 集中运维 委托符合有关规定的机构 (the body and its qualification); 外包运维 应进行政府采购
    (a government procurement of the project)."""
    if mode not in dict(MODES):
        return {"mode": "请选择运行维护方式（第二十三条）。"}
    found = {}
    if mode == CENTRALIZED:
        if not entrusted_body.strip():
            found["entrusted_body"] = "集中运维应委托符合有关规定的机构：请填写受委托的运行维护机构（第二十三条）。"
        if not entrusted_qualification.strip():
            found["entrusted_qualification"] = "请填写受委托机构符合有关规定的资质（第二十三条）。"
    if mode == OUTSOURCED:
        if not procurement_chosen:
            found["procurement"] = "采用外包运行维护方式的，应进行政府采购：请选择本项目的政府采购记录（第二十三条）。"
        elif procurement_method == NON_GOVERNMENT:
            found["procurement"] = "所选采购不是政府采购；采用外包运行维护方式的，应进行政府采购（第二十三条）。"
    return found


def maintenance_funds_problem(*, maintenance: bool, built_on_platform: bool, accepted: bool, in_operation: bool) -> str:
    """第二十一条, 第二十四条: O&M funds only for a project that passed completion acceptance and is in operation
    ("" when nothing stands in the way). A project not built on the platform (no construction record, a
    legacy system) is not held back: the platform has no acceptance to ask of it."""
    if not maintenance or not built_on_platform:
        return ""
    if not accepted:
        return NOT_ACCEPTED_FUNDS
    if not in_operation:
        return NOT_IN_OPERATION_FUNDS
    return ""


def incident_problems(
    *, occurred_at: dt.datetime | None, resolved_at: dt.datetime | None, now: dt.datetime
) -> dict[str, str]:
    found = {}
    if occurred_at is None:
        found["occurred_at"] = "请填写事件发生时间。"
    elif occurred_at > now:
        found["occurred_at"] = "发生时间不能晚于现在。"
    if resolved_at is not None:
        if resolved_at > now:
            found["resolved_at"] = "处置完成时间不能晚于现在。"
        elif occurred_at is not None and resolved_at < occurred_at:
            found["resolved_at"] = "处置完成时间不能早于发生时间。"
    return found
