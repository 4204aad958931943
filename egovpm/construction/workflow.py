"""The construction phase of a project (第十一条 to 第十六条) as data: its stages, the two transitions that move
it, and what the parties do within a stage. Pure Python; ConstructionConfig.ready() registers it."""

from __future__ import annotations

from egovpm.lifecycle.engine import Guard
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.lifecycle.table import Activity, Stage, Transition, Workflow

# The 项目审批部门 is the Office unless the project names another department (第十四条): its officers
# decide, the Office's reviewers and head or the named department's leader.
APPROVER_ROLES = OFFICE_ROLES | {Role.UNIT_LEADER}
BUILDING = ("preparing", "under_construction")

CONSTRUCTION = Workflow(
    name="construction",
    label="项目建设（第十一条至第十六条）",
    initial="preparing",
    subject="construction",
    stages=(
        Stage("preparing", "建设准备", "建设准备（落实责任制、核定概算、委托监理）", article="第十二条"),
        Stage("under_construction", "建设中", "建设中", article="第十四条"),
        Stage("construction_completed", "建设完成", "建设完成，待初步验收", terminal=True, article="第十六条"),
    ),
    transitions=(
        Transition(
            "start_construction",
            "开工建设",
            ("preparing",),
            "under_construction",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十三条",
            guards=(
                "responsibility_recorded",
                "estimate_approved",
                "supervision_firm_qualified",
                "not_suspended",
                "not_terminated",
            ),
            service="egovpm.construction.services.construction_start",
        ),
        Transition(
            "declare_completion",
            "宣布建设完成",
            ("under_construction",),
            "construction_completed",
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十六条",
            guards=("sharing_connected", "no_open_rectification", "not_suspended", "not_terminated"),
            service="egovpm.construction.services.construction_declare_completion",
        ),
    ),
    activities=(
        Activity(
            "record_responsibility",
            "确定项目实施机构和项目负责人",
            BUILDING,
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十二条",
            guards=("not_terminated",),
        ),
        Activity(
            "submit_estimate",
            "报送初步设计方案和投资概算",
            ("preparing",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十四条",
            guards=("no_estimate_pending", "not_terminated"),
            refusal="项目当前状态（{stage}）不能再报送概算；确需调整的，请提交调整报告（第十四条）。",
        ),
        Activity(
            "decide_estimate",
            "核定初步设计方案和投资概算",
            ("preparing",),
            actor="approving_department",
            roles=APPROVER_ROLES,
            article="第十四条",
        ),
        Activity(
            "report_progress",
            "报告建设进度、设计变更和概算控制情况",
            ("under_construction",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十二条",
            guards=("not_terminated",),
        ),
        Activity(
            "report_design_change",
            "报告设计变更",
            ("under_construction",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十四条",
            guards=("not_terminated",),
        ),
        Activity(
            "request_adjustment",
            "提交概算调整报告",
            ("under_construction",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十四条",
            guards=("no_adjustment_pending", "not_suspended", "not_terminated"),
        ),
        Activity(
            "decide_adjustment",
            "审批概算调整报告",
            ("under_construction",),
            actor="approving_department",
            roles=APPROVER_ROLES,
            article="第十四条",
        ),
        Activity(
            "report_incident",
            "报告工程严重逾期、投资重大损失",
            ("under_construction",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十五条",
        ),
        Activity(
            "record_sharing",
            "登记接入市政务信息资源共享交换平台",
            ("under_construction",),
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十六条",
            guards=("not_terminated",),
        ),
        Activity(
            "exempt_sharing",
            "记录不适用接入共享交换平台的理由",
            ("under_construction",),
            actor="office",
            roles=OFFICE_ROLES,
            article="第十六条",
        ),
        # 第十一条, 第三十一条: every construction upload passes here; a project involving state secrets
        # keeps its records but stores no content.
        Activity(
            "upload",
            "上传建设材料",
            BUILDING,
            actor="applicant",
            roles=APPLICANT_ROLES,
            article="第十一条",
            kinds=("preliminary_design", "management_rules", "sharing_evidence", "construction_report", "other"),
            guards=("no_classified_content", "not_terminated"),
        ),
    ),
)

GUARDS = (
    Guard("responsibility_recorded", "请先确定项目实施机构、项目负责人和负总责的主管领导（第十二条）。"),
    Guard("estimate_approved", "项目审批部门尚未核定初步设计方案和投资概算（第十四条）。"),
    Guard("no_estimate_pending", "已报送的概算尚待项目审批部门核定，请勿重复报送。"),
    Guard("no_adjustment_pending", "已提交的概算调整报告尚待项目审批部门审批，请勿重复提交。"),
    Guard(
        "sharing_connected",
        "项目系统应当同步接入市政务信息资源共享交换平台（第十六条）：请先登记接入情况，或由办公室记录不适用的理由。",
    ),
    Guard(
        "no_classified_content",
        "该项目涉及国家秘密，须按照保密法律、法规执行（第十一条、第三十一条）：涉密内容不在本平台上传或存储。",
    ),
)
