"""The workflows of supervision as data (第十三条, 第十七条, 第十八条), registered in the one table by
SupervisionConfig.ready(). Pure Python."""

from __future__ import annotations

from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, SUPERVISION_FIRM_ROLES, Role
from egovpm.lifecycle.table import Activity, Stage, Transition, Workflow

# 第十七条: the 项目审批部门 (the Office unless the project names another), Finance and Audit.
REQUESTER_ROLES = frozenset(
    {
        *OFFICE_ROLES,
        Role.FINANCE_REVIEWER,
        Role.AUDIT_REVIEWER,
        Role.UNIT_CLERK,
        Role.UNIT_LEADER,
        Role.SUPERVISOR_APPROVER,
    }
)
SERVICES = "egovpm.supervision.services"

# 第十三条: the firm the unit entrusted supervises the construction until the Office ends the engagement.
SUPERVISION = Workflow(
    name="supervision",
    label="工程监理（第十三条）",
    initial="active",
    subject="supervision",
    stages=(
        Stage("active", "监理中", "监理中", article="第十三条"),
        Stage("ended", "已结束", "监理已结束", terminal=True, article="第十三条"),
    ),
    transitions=(
        Transition(
            "end_supervision",
            "结束监理委托",
            ("active",),
            "ended",
            actor="office",
            roles=OFFICE_ROLES,
            article="第十三条",
            requires_reason=True,
            reason_label="结束的理由",
            style="danger",
            service=f"{SERVICES}.supervision_end",
            reason_as="reason",
        ),
    ),
    activities=(
        Activity(
            "file_report",
            "报送监理报告",
            ("active",),
            actor="supervision_firm",
            roles=SUPERVISION_FIRM_ROLES,
            article="第十三条",
            kinds=("supervision_report",),
            refusal="监理委托已结束，不能再报送监理报告。",
        ),
    ),
)

# 第十七条: 如实提供建设项目有关的资料和情况，不得拒绝、隐匿、瞒报.
INFORMATION_REQUEST = Workflow(
    name="information_request",
    label="要求提供资料和情况（第十七条）",
    initial="requested",
    subject="request",
    stages=(
        Stage("requested", "待提供", "待如实提供资料和情况", article="第十七条"),
        Stage("answered", "已提供", "已提供资料和情况", terminal=True, article="第十七条"),
        Stage("refused", "拒绝提供", "登记为拒绝、隐匿或瞒报", terminal=True, article="第十七条"),
    ),
    transitions=(
        Transition(
            "answer_information",
            "如实提供资料和情况",
            ("requested",),
            "answered",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十七条",
            requires_reason=True,
            reason_label="提供的情况说明",
            deadline="supervision.information_request",
            service=f"{SERVICES}.information_request_answer",
            reason_as="answer",
            file_as="document",
        ),
        Transition(
            "record_refusal",
            "登记拒绝提供",
            ("requested",),
            "refused",
            actor="requester",
            roles=REQUESTER_ROLES,
            article="第十七条",
            requires_reason=True,
            reason_label="拒绝、隐匿或瞒报的情况",
            style="danger",
            service=f"{SERVICES}.information_request_record_refusal",
            reason_as="reason",
        ),
    ),
)

# 第十八条: the Office inspects the project; its findings may order a rectification.
INSPECTION = Workflow(
    name="inspection",
    label="稽察（第十八条）",
    initial="open",
    subject="inspection",
    stages=(
        Stage("open", "稽察中", "稽察中", article="第十八条"),
        Stage("closed", "已办结", "稽察已办结", terminal=True, article="第十八条"),
    ),
    transitions=(
        Transition(
            "close_inspection",
            "办结稽察",
            ("open",),
            "closed",
            actor="office",
            roles=OFFICE_ROLES,
            article="第十八条",
            requires_reason=True,
            reason_label="稽察结论",
            guards=("inspection_settled",),
            service=f"{SERVICES}.inspection_close",
            reason_as="conclusion",
        ),
    ),
    activities=(
        Activity(
            "record_finding",
            "记录稽察发现",
            ("open",),
            actor="office",
            roles=OFFICE_ROLES,
            article="第十八条",
            kinds=("inspection_evidence",),
            refusal="稽察已办结，不能再记录发现。",
        ),
    ),
)

# 第十八条: 限期整改; 拒不整改或整改后仍不符合要求的 → sanctions.
RECTIFICATION = Workflow(
    name="rectification",
    label="限期整改（第十八条）",
    initial="ordered",
    subject="rectification",
    stages=(
        Stage("ordered", "待整改", "限期整改中", article="第十八条"),
        Stage("answered", "待复查", "整改情况已报送，待办公室复查", article="第十八条"),
        Stage("rejected", "整改未通过", "整改不符合要求，请在期限内重新整改", article="第十八条"),
        Stage("accepted", "整改通过", "整改已通过复查", terminal=True, article="第十八条"),
    ),
    transitions=(
        Transition(
            "submit_rectification",
            "报送整改情况",
            ("ordered", "rejected"),
            "answered",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十八条",
            requires_reason=True,
            reason_label="整改情况",
            deadline="supervision.rectification",
            service=f"{SERVICES}.rectification_submit",
            reason_as="answer",
            file_as="evidence",
        ),
        Transition(
            "accept_rectification",
            "整改通过",
            ("answered",),
            "accepted",
            actor="office",
            roles=OFFICE_ROLES,
            article="第十八条",
            requires_reason=True,
            reason_label="复查意见",
            service=f"{SERVICES}.rectification_accept",
            reason_as="opinion",
        ),
        Transition(
            "reject_rectification",
            "整改不符合要求",
            ("answered",),
            "rejected",
            actor="office",
            roles=OFFICE_ROLES,
            article="第十八条",
            requires_reason=True,
            reason_label="不符合要求之处",
            style="danger",
            service=f"{SERVICES}.rectification_reject",
            reason_as="reason",
        ),
    ),
    activities=(
        Activity(
            "apply_sanction",
            "予以处理（通报批评、暂缓拨付建设资金、暂停项目建设、终止项目）",
            ("ordered", "rejected"),
            actor="office",
            roles=OFFICE_ROLES,
            article="第十八条",
            guards=("rectification_unmet",),
            refusal="整改情况已报送或已通过（{stage}），不能予以处理（第十八条）。",
        ),
    ),
)

WORKFLOWS = (SUPERVISION, INFORMATION_REQUEST, INSPECTION, RECTIFICATION)
