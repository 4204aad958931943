"""The workflows of operations as data (第二十一条 to 第二十四条), registered in the one table by
OperationsConfig.ready(). Pure Python.

OPERATION: an accepted project awaits operation while the unit records its 运行机构, 管理制度, how the O&M
costs are ensured and its O&M mode; it enters operation (第二十二条) and, when the unit stops running the
system, is retired. The regulation is silent on retirement; the platform records it so that a retired
system gets no more O&M funds (第二十四条) and no more incidents.
FINAL_AUDIT: the Audit bureau's 竣工决算审计 of an accepted project (第二十一条 市审计部门不予审计 otherwise)."""

from __future__ import annotations

from egovpm.lifecycle.roles import APPLICANT_ROLES, Role
from egovpm.lifecycle.table import Activity, Stage, Transition, Workflow

from .domain import ACCEPTED_FOR_OPERATION, MODE_RECORDED, OPERATION_PREPARED

AUDIT_ROLES = frozenset({Role.AUDIT_REVIEWER})
SERVICES = "egovpm.operations.services"

OPERATION = Workflow(
    name="operation",
    label="运行维护（第二十二条至第二十四条）",
    initial="awaiting_operation",
    subject="operation",
    stages=(
        Stage("awaiting_operation", "待投入运行", "已通过竣工验收，待投入运行", article="第二十二条"),
        Stage("in_operation", "运行中", "运行中", article="第二十二条"),
        Stage("retired", "停止运行", "已停止运行", terminal=True, article="第二十二条"),
    ),
    transitions=(
        Transition(
            "enter_operation",
            "投入运行",
            ("awaiting_operation",),
            "in_operation",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十一条",
            guards=(ACCEPTED_FOR_OPERATION, OPERATION_PREPARED, MODE_RECORDED),
            service=f"{SERVICES}.operation_enter",
        ),
        Transition(
            "retire_operation",
            "停止运行",
            ("in_operation",),
            "retired",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十二条",
            requires_reason=True,
            reason_label="停止运行的理由",
            style="danger",
            service=f"{SERVICES}.operation_retire",
            reason_as="reason",
        ),
    ),
    activities=(
        Activity(
            "record_preparation",
            "登记项目运行机构、管理制度和运行维护费用落实情况",
            ("awaiting_operation", "in_operation"),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十二条",
            kinds=("management_rules",),
            refusal="项目已停止运行（{stage}），不能再修改运行机构和管理制度。",
        ),
        Activity(
            "set_mode",
            "确定或变更运行维护方式",
            ("awaiting_operation", "in_operation"),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十三条",
            refusal="项目已停止运行（{stage}），不能再变更运行维护方式。",
        ),
        Activity(
            "record_incident",
            "登记运行事件（安全事件、故障）",
            ("in_operation",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十二条",
            refusal="只有运行中的项目可以登记运行事件（当前：{stage}）。",
        ),
        Activity(
            "resolve_incident",
            "登记运行事件处置完成",
            ("in_operation", "retired"),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十二条",
        ),
        Activity(
            "declare_maintenance",
            "申报下一年度运行维护经费",
            ("in_operation",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十四条",
            refusal="只有已投入运行的项目可以申报运行维护经费（当前：{stage}；第二十四条）。",
        ),
    ),
)

FINAL_AUDIT = Workflow(
    name="final_audit",
    label="竣工决算审计（第二十一条）",
    initial="open",
    subject="final_audit",
    stages=(
        Stage("open", "审计中", "市审计局审计中", article="第二十一条"),
        Stage("closed", "已办结", "审计已办结", terminal=True, article="第二十一条"),
    ),
    transitions=(
        Transition(
            "close_final_audit",
            "办结审计并作出审计结论",
            ("open",),
            "closed",
            actor="audit",
            roles=AUDIT_ROLES,
            article="第二十一条",
            requires_reason=True,
            reason_label="审计结论",
            service=f"{SERVICES}.final_audit_close",
            reason_as="conclusion",
        ),
    ),
    activities=(
        Activity(
            "record_audit_finding",
            "记录审计发现",
            ("open",),
            actor="audit",
            roles=AUDIT_ROLES,
            article="第二十一条",
            kinds=("other",),
            refusal="审计已办结，不能再记录审计发现。",
        ),
    ),
)

WORKFLOWS = (OPERATION, FINAL_AUDIT)
