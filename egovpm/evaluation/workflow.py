"""The workflows of performance evaluation as data (第二十五条 to 第二十九条), registered in the one table by
EvaluationConfig.ready(). Pure Python.

CRITERIA: a version of the 评估标准和实施方案 drafted by the Office takes effect only after the Finance bureau's
and the Audit bureau's concurrence (第二十九条 会同市财政、审计等有关部门另行制定), each recorded; putting it in
force supersedes the version before. A version is never changed once in force (append-only).
EVALUATION: the Office orders one evaluation of a project (事前、事后或应用评估) and assigns its evaluator; the
evaluator starts, scores every indicator with evidence and comment, submits; the Office concludes."""

from __future__ import annotations

from egovpm.lifecycle.roles import APPLICANT_ROLES, ASSESSOR_ROLES, FINANCE_ROLES, OFFICE_ROLES, Role
from egovpm.lifecycle.table import Activity, Stage, Transition, Workflow

from .domain import ALL_SCORED, CRITERIA_CONCURRED, CRITERIA_SUCCESSOR, RECTIFICATION_LAPSED

AUDIT_ROLES = frozenset({Role.AUDIT_REVIEWER})
# 第二十五条: the Office itself or a third-party assessor, assigned by unit (the experts the Office engages
# score through the Office, having no unit of their own).
EVALUATOR_ROLES = OFFICE_ROLES | ASSESSOR_ROLES
SERVICES = "egovpm.evaluation.services"

CRITERIA = Workflow(
    name="evaluation_criteria",
    label="效果评估标准和实施方案（第二十九条）",
    initial="draft",
    subject="criteria",
    stages=(
        Stage("draft", "待会签", "办公室起草，待市财政局、市审计局会签", article="第二十九条"),
        Stage("in_force", "生效", "生效", article="第二十九条"),
        Stage("superseded", "已被新版本替代", "已被新版本替代", terminal=True, article="第二十九条"),
        Stage("withdrawn", "已撤回", "已撤回", terminal=True, article="第二十九条"),
    ),
    transitions=(
        Transition(
            "put_in_force",
            "经会签后发布生效",
            ("draft",),
            "in_force",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十九条",
            guards=(CRITERIA_CONCURRED,),
            service=f"{SERVICES}.criteria_put_in_force",
        ),
        Transition(
            "supersede_criteria",
            "由新版本替代",
            ("in_force",),
            "superseded",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十九条",
            guards=(CRITERIA_SUCCESSOR,),
            style="secondary",
            service=f"{SERVICES}.criteria_supersede",
        ),
        Transition(
            "withdraw_criteria",
            "撤回草案",
            ("draft",),
            "withdrawn",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十九条",
            requires_reason=True,
            reason_label="撤回的理由",
            style="danger",
            service=f"{SERVICES}.criteria_withdraw",
            reason_as="reason",
        ),
    ),
    activities=(
        Activity(
            "concur_finance",
            "市财政局会签",
            ("draft",),
            actor="finance",
            roles=FINANCE_ROLES,
            article="第二十九条",
            refusal="该版本已不是草案（{stage}），不能再会签。",
        ),
        Activity(
            "concur_audit",
            "市审计局会签",
            ("draft",),
            actor="audit",
            roles=AUDIT_ROLES,
            article="第二十九条",
            refusal="该版本已不是草案（{stage}），不能再会签。",
        ),
    ),
)

EVALUATION = Workflow(
    name="evaluation",
    label="效果评估（第二十五条至第二十八条）",
    initial="assigned",
    subject="evaluation",
    stages=(
        Stage("assigned", "已委托", "已委托评价人员", article="第二十五条"),
        Stage("scoring", "评分中", "评价人员评分中", article="第二十五条"),
        Stage("submitted", "已报送", "评价人员已报送评估意见", article="第二十五条"),
        Stage("concluded", "已办结", "评估已办结", terminal=True, article="第二十五条"),
    ),
    transitions=(
        Transition(
            "start_scoring",
            "开始评分",
            ("assigned",),
            "scoring",
            actor="evaluator",
            roles=EVALUATOR_ROLES,
            article="第二十五条",
            service=f"{SERVICES}.evaluation_start",
        ),
        Transition(
            "submit_evaluation",
            "报送评估意见",
            ("scoring",),
            "submitted",
            actor="evaluator",
            roles=EVALUATOR_ROLES,
            article="第二十五条",
            guards=(ALL_SCORED,),
            requires_reason=True,
            reason_label="评估意见",
            service=f"{SERVICES}.evaluation_submit",
            reason_as="opinion",
        ),
        Transition(
            "return_evaluation",
            "退回评价人员",
            ("submitted",),
            "scoring",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十五条",
            requires_reason=True,
            reason_label="退回的理由",
            style="secondary",
            service=f"{SERVICES}.evaluation_return",
            reason_as="reason",
        ),
        Transition(
            "conclude_evaluation",
            "办结评估",
            ("submitted",),
            "concluded",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十五条",
            service=f"{SERVICES}.evaluation_conclude",
        ),
    ),
    activities=(
        Activity(
            "score_indicator",
            "评分（附评分依据和评价意见）",
            ("scoring",),
            actor="evaluator",
            roles=EVALUATOR_ROLES,
            article="第二十五条",
            refusal="只有评分中的评估可以评分（当前：{stage}）。",
        ),
    ),
)

# 第二十七条 认为建设项目未实现建设目标或未达到预期效果的，项目建设单位要限期整改；对拒不整改或整改后仍不符合要求的，
# 项目审批部门可对其进行通报批评。
RECTIFICATION = Workflow(
    name="evaluation_rectification",
    label="事后评估限期整改（第二十七条）",
    initial="ordered",
    subject="rectification",
    stages=(
        Stage("ordered", "限期整改中", "请在期限内整改并报送整改情况", article="第二十七条"),
        Stage("answered", "已报送整改情况", "已报送整改情况，待办公室审核", article="第二十七条"),
        Stage("accepted", "整改合格", "整改合格", terminal=True, article="第二十七条"),
        Stage("criticised", "已通报批评", "已通报批评", terminal=True, article="第二十七条"),
    ),
    transitions=(
        Transition(
            "answer_rectification",
            "报送整改情况",
            ("ordered",),
            "answered",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十七条",
            requires_reason=True,
            reason_label="整改情况",
            service=f"{SERVICES}.rectification_answer",
            reason_as="answer",
        ),
        Transition(
            "accept_rectification",
            "整改合格",
            ("answered",),
            "accepted",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十七条",
            service=f"{SERVICES}.rectification_accept",
        ),
        Transition(
            "criticise_lapsed",
            "逾期未整改，通报批评",
            ("ordered",),
            "criticised",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十七条",
            guards=(RECTIFICATION_LAPSED,),
            requires_reason=True,
            reason_label="通报批评的内容",
            style="danger",
            service=f"{SERVICES}.rectification_criticise",
            reason_as="reason",
        ),
        Transition(
            "criticise_failed",
            "整改后仍不符合要求，通报批评",
            ("answered",),
            "criticised",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十七条",
            requires_reason=True,
            reason_label="通报批评的内容",
            style="danger",
            service=f"{SERVICES}.rectification_criticise",
            reason_as="reason",
        ),
    ),
)

WORKFLOWS = (CRITERIA, EVALUATION, RECTIFICATION)
