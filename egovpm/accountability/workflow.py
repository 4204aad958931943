"""第三十条: the violation's workflow as data, registered in the one table by AccountabilityConfig.ready().
Pure Python."""

from __future__ import annotations

from egovpm.lifecycle.roles import OFFICE_ROLES
from egovpm.lifecycle.table import Activity, Stage, Transition, Workflow

SERVICES = "egovpm.accountability.services"

VIOLATION = Workflow(
    name="violation",
    label="违规行为（第三十条）",
    initial="proposed",
    subject="violation",
    stages=(
        Stage("proposed", "待认定", "待办公室认定", article="第三十条"),
        Stage("confirmed", "已认定", "已认定为违规行为", terminal=True, article="第三十条"),
        Stage("dismissed", "不予认定", "办公室不予认定", terminal=True, article="第三十条"),
    ),
    transitions=(
        Transition(
            "confirm_violation",
            "认定违规",
            ("proposed",),
            "confirmed",
            actor="office",
            roles=OFFICE_ROLES,
            article="第三十条",
            requires_reason=True,
            reason_label="认定理由",
            style="danger",
            service=f"{SERVICES}.violation_confirm",
            reason_as="reason",
        ),
        Transition(
            "dismiss_violation",
            "不予认定",
            ("proposed",),
            "dismissed",
            actor="office",
            roles=OFFICE_ROLES,
            article="第三十条",
            requires_reason=True,
            reason_label="不予认定的理由",
            service=f"{SERVICES}.violation_dismiss",
            reason_as="reason",
        ),
    ),
    activities=(
        Activity(
            "record_measure",
            "记录处理（通报批评、提请处分、移交追究刑事责任）",
            ("confirmed",),
            actor="office",
            roles=OFFICE_ROLES,
            article="第三十条",
            refusal="违规行为尚未认定或已不予认定（{stage}），不能记录处理（第三十条）。",
        ),
        Activity(
            "upload",
            "上传证据",
            ("proposed", "confirmed"),
            actor="office",
            roles=OFFICE_ROLES,
            article="第三十条",
            kinds=("violation_evidence",),
            refusal="该记录已办结（{stage}），不能再上传证据。",
        ),
    ),
)

WORKFLOWS = (VIOLATION,)
