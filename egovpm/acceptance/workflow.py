"""The workflows of acceptance as data (第十九条 to 第二十一条, 附件4): the project's acceptance record and the
unit's 延期验收申请. Pure Python; AcceptanceConfig.ready() registers them in the one table."""

from __future__ import annotations

from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.lifecycle.table import Activity, Stage, Transition, Workflow

SERVICES = "egovpm.acceptance.services"
# 第十九条: the Office organises completion acceptance, or the unit it delegated it to.
ORGANIZER_ROLES = OFFICE_ROLES | APPLICANT_ROLES
DEADLINE = "acceptance.initial_acceptance"
PREPARING = ("initial_acceptance", "acceptance_failed")

ACCEPTANCE = Workflow(
    name="acceptance",
    label="项目验收（第十九条至第二十一条）",
    initial="initial_acceptance",
    subject="acceptance",
    stages=(
        Stage(
            "initial_acceptance", "初步验收", "建设完成，请在半年内完成初步验收并提出竣工验收申请", article="第二十条"
        ),
        Stage("completion_applied", "已申请竣工验收", "竣工验收申请已提交，待组织竣工验收", article="第二十条"),
        Stage("in_completion_acceptance", "竣工验收中", "竣工验收中", article="附件4 七"),
        Stage("accepted", "验收通过", "竣工验收通过，验收报告待备案", article="第二十一条"),
        Stage("acceptance_failed", "验收未通过", "竣工验收未通过，请按要求整改后重新申请", article="第二十一条"),
        Stage(
            "filed", "验收报告已备案", "竣工验收通过，验收报告已报项目审批部门备案", terminal=True, article="第二十一条"
        ),
    ),
    transitions=(
        Transition(
            "apply_completion",
            "提交竣工验收申请",
            PREPARING,
            "completion_applied",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十条",
            guards=("application_complete", "not_terminated"),
            deadline=DEADLINE,
            requires_reason=True,
            reason_label="竣工验收申请报告（申请说明）",
            service=f"{SERVICES}.acceptance_apply",
            reason_as="statement",
        ),
        Transition(
            "start_completion_acceptance",
            "组织竣工验收",
            ("completion_applied",),
            "in_completion_acceptance",
            actor="acceptance_organizer",
            roles=ORGANIZER_ROLES,
            article="附件4 七",
            guards=("group_formed",),
            service=f"{SERVICES}.completion_acceptance_start",
        ),
        Transition(
            "conclude_accepted",
            "验收通过，出具竣工验收报告",
            ("in_completion_acceptance",),
            "accepted",
            actor="acceptance_organizer",
            roles=ORGANIZER_ROLES,
            article="第十九条",
            guards=("checklist_complete", "checklist_passed", "review_recorded"),
            requires_reason=True,
            reason_label="评价意见和建议",
            service=f"{SERVICES}.completion_acceptance_accept",
            reason_as="opinion",
        ),
        Transition(
            "conclude_not_accepted",
            "验收不通过",
            ("in_completion_acceptance",),
            "acceptance_failed",
            actor="acceptance_organizer",
            roles=ORGANIZER_ROLES,
            article="第二十一条",
            guards=("checklist_complete", "review_recorded"),
            requires_reason=True,
            reason_label="未通过的原因及须完成的整改",
            style="danger",
            service=f"{SERVICES}.completion_acceptance_reject",
            reason_as="reasons",
        ),
        Transition(
            "file_acceptance_report",
            "竣工验收报告备案",
            ("accepted",),
            "filed",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十一条",
            reason_label="备案说明",
            service=f"{SERVICES}.acceptance_report_file",
            reason_as="note",
        ),
    ),
    activities=(
        Activity(
            "record_document",
            "登记初步验收及申请材料",
            PREPARING,
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十九条",
            guards=("no_classified_content", "not_terminated"),
            refusal="项目当前状态（{stage}）不能再登记初步验收材料。",
        ),
        Activity(
            "request_extension",
            "提出延期验收申请",
            ("initial_acceptance",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第二十条",
            guards=("no_extension_pending",),
            refusal="竣工验收申请已提交（{stage}），无需延期验收。",
        ),
        Activity(
            "delegate",
            "委托项目建设单位组织竣工验收",
            ("initial_acceptance", "completion_applied", "acceptance_failed"),
            actor="office",
            roles=OFFICE_ROLES,
            article="第十九条",
            guards=("not_delegated",),
            refusal="竣工验收已开始（{stage}），不能再委托。",
        ),
        Activity(
            "add_member",
            "组建竣工验收组",
            ("completion_applied", "in_completion_acceptance"),
            actor="acceptance_organizer",
            roles=ORGANIZER_ROLES,
            article="附件4 七",
            refusal="竣工验收已结束或尚未申请（{stage}），不能调整验收组。",
        ),
        Activity(
            "record_check",
            "记录验收任务和验收条件的检查情况",
            ("in_completion_acceptance",),
            actor="acceptance_organizer",
            roles=ORGANIZER_ROLES,
            article="附件4 四",
            refusal="不在竣工验收中（{stage}），不能记录检查情况。",
        ),
        Activity(
            "record_review",
            "记录检查情况和验收依据",
            ("in_completion_acceptance",),
            actor="acceptance_organizer",
            roles=ORGANIZER_ROLES,
            article="附件4 七",
            refusal="不在竣工验收中（{stage}），不能记录检查情况。",
        ),
    ),
)

# 第二十条 项目建设单位未按期提出竣工验收申请的，应向项目审批部门提出延期验收申请.
ACCEPTANCE_EXTENSION = Workflow(
    name="acceptance_extension",
    label="延期验收申请（第二十条）",
    initial="requested",
    subject="extension",
    stages=(
        Stage("requested", "待审批", "延期验收申请已提交，待项目审批部门审批", article="第二十条"),
        Stage("approved", "已批准", "已批准延期验收", terminal=True, article="第二十条"),
        Stage("refused", "不予批准", "延期验收申请未获批准", terminal=True, article="第二十条"),
    ),
    transitions=(
        Transition(
            "approve_extension",
            "批准延期验收",
            ("requested",),
            "approved",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十条",
            requires_reason=True,
            reason_label="批准意见",
            service=f"{SERVICES}.acceptance_extension_approve",
            reason_as="opinion",
        ),
        Transition(
            "refuse_extension",
            "不予批准",
            ("requested",),
            "refused",
            actor="office",
            roles=OFFICE_ROLES,
            article="第二十条",
            requires_reason=True,
            reason_label="不予批准的理由",
            style="danger",
            service=f"{SERVICES}.acceptance_extension_refuse",
            reason_as="reason",
        ),
    ),
)

WORKFLOWS = (ACCEPTANCE, ACCEPTANCE_EXTENSION)
