"""The one table of stages and transitions of every workflow, and the activities allowed within a stage.

The UI buttons, the permission checks in services, the audit events and the
help-page diagram all read this table; the one engine (egovpm.lifecycle.engine,
egovpm.projects.engine) takes every transition. Pure Python: no Django.

`actor` names the party, relative to the object (egovpm.lifecycle.engine.PARTIES):
- "applicant": a user of the object's unit holding one of `roles`;
- "supervisor": a supervising-department approver of the unit's parent;
- "office" / "finance": a user of that bureau holding one of `roles`.
`guards` name predicates on the object that must all hold (egovpm.lifecycle.engine.GUARDS, filled by
the apps). `form` names what the action needs besides a reason (a view renders it).
"""

from __future__ import annotations

from dataclasses import dataclass

from egovpm.lifecycle.roles import Role

_ = str  # marks strings for translation without importing Django


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    applicant_label: str
    terminal: bool = False
    article: str = ""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    actor: str
    roles: frozenset[Role]
    article: str
    requires_reason: bool = False
    reason_label: str = "理由"
    guards: tuple[str, ...] = ()
    form: str = ""
    deadline: str = ""
    style: str = "primary"
    # (stage, refusal): what someone is told who tries it from that stage (e.g. 第七条(四) after a return).
    stage_refusals: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Activity:
    """Something a party may do within a stage without moving it (upload materials, edit the resource
    catalog), checked by the same engine as the transitions. `kinds` are the document kinds of an upload."""

    name: str
    label: str
    stages: tuple[str, ...]
    actor: str
    roles: frozenset[Role]
    article: str
    kinds: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    # What someone is told who tries it in another stage; {stage} is that stage's label.
    refusal: str = ""


@dataclass(frozen=True)
class Workflow:
    name: str
    label: str
    initial: str
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    activities: tuple[Activity, ...] = ()

    def stage(self, code: str) -> Stage:
        return self._stages[code]

    def activity(self, name: str, stage: str) -> Activity | None:
        """The activity `name` as the table allows it in `stage`; else the first so named (the engine
        then refuses it with its reason), or None when the workflow has no such activity."""
        named = [a for a in self.activities if a.name == name]
        return next((a for a in named if stage in a.stages), named[0] if named else None)

    def has_step(self, name: str) -> bool:
        return name in self._transitions or any(a.name == name for a in self.activities)

    def transition(self, action: str) -> Transition:
        return self._transitions[action]

    def outgoing(self, stage: str) -> list[Transition]:
        return [t for t in self.transitions if stage in t.sources]

    def choices(self) -> list[tuple[str, str]]:
        return [(s.code, s.label) for s in self.stages]

    @property
    def _stages(self) -> dict[str, Stage]:
        return {s.code: s for s in self.stages}

    @property
    def _transitions(self) -> dict[str, Transition]:
        return {t.action: t for t in self.transitions}


APPLICANT = frozenset({Role.UNIT_CLERK, Role.UNIT_LEADER})
OFFICE = frozenset({Role.OFFICE_REVIEWER, Role.OFFICE_HEAD})
OFFICE_HEAD = frozenset({Role.OFFICE_HEAD})
FINANCE = frozenset({Role.FINANCE_REVIEWER})
SUPERVISOR = frozenset({Role.SUPERVISOR_APPROVER})

DECLARATION = Workflow(
    name="declaration",
    label="年度计划申报（一般申报程序）",
    initial="draft",
    stages=(
        Stage("draft", "草稿", "草稿（未报送）", article="第七条(一)"),
        Stage("awaiting_consent", "待主管部门同意", "已报主管部门", article="第七条(一)"),
        Stage("submitted", "已申报", "已报送办公室", article="第七条(一)"),
        Stage("in_initial_review", "初审中", "初审中", article="第七条(二)"),
        Stage("not_arranged", "不予安排", "不予安排", terminal=True, article="第七条(二)"),
        Stage("coordinated", "已纳入统筹", "已纳入办公室统筹建设", terminal=True, article="第六条"),
        Stage("initially_passed", "初审通过", "初审通过，待报可研材料", article="第七条(二)"),
        Stage("feasibility_submitted", "可研材料已报送", "可研材料已报送", article="第七条(三)"),
        Stage("in_re_review", "复核中", "复核中", article="第七条(四)"),
        Stage("returned", "复核退回", "复核未通过（年内不再复核）", terminal=True, article="第七条(四)"),
        Stage("approved", "复核通过", "复核通过（已出具书面意见）", article="第七条(四)"),
        Stage("in_budget_library", "已入预算项目库", "已纳入部门预算项目库", article="第七条(五)"),
        Stage("funded", "已安排资金", "已安排资金", terminal=True, article="第七条(五)"),
    ),
    transitions=(
        Transition(
            "submit_to_supervisor",
            "报主管部门审核",
            ("draft",),
            "awaiting_consent",
            actor="applicant",
            roles=APPLICANT,
            article="第七条(一)",
            guards=("has_supervisor",),
            deadline="intake.declaration",
        ),
        Transition(
            "submit",
            "报送办公室",
            ("draft",),
            "submitted",
            actor="applicant",
            roles=APPLICANT,
            article="第七条(一)",
            guards=("no_supervisor",),
            deadline="intake.declaration",
        ),
        Transition(
            "consent",
            "同意上报",
            ("awaiting_consent",),
            "submitted",
            actor="supervisor",
            roles=SUPERVISOR,
            article="第七条(一)",
            deadline="intake.declaration",
        ),
        Transition(
            "refuse_consent",
            "退回修改",
            ("awaiting_consent",),
            "draft",
            actor="supervisor",
            roles=SUPERVISOR,
            article="第七条(一)",
            requires_reason=True,
            reason_label="退回理由",
            style="danger",
        ),
        Transition(
            "start_initial_review",
            "纳入初审",
            ("submitted",),
            "in_initial_review",
            actor="office",
            roles=OFFICE,
            article="第七条(二)",
            form="initial_review_start",
        ),
        Transition(
            "fold_into_coordination",
            "纳入办公室统筹建设",
            ("submitted", "in_initial_review"),
            "coordinated",
            actor="office",
            roles=OFFICE,
            article="第六条",
            guards=("infrastructure_flagged",),
            requires_reason=True,
            reason_label="统筹说明",
            form="coordination_fold",
        ),
        Transition(
            "pass_initial_review",
            "初审通过",
            ("in_initial_review",),
            "initially_passed",
            actor="office",
            roles=OFFICE,
            article="第七条(二)",
            guards=("opinions_complete", "infrastructure_settled"),
            requires_reason=True,
            reason_label="书面调整意见或评价",
        ),
        Transition(
            "not_arrange",
            "不予安排",
            ("in_initial_review",),
            "not_arranged",
            actor="office",
            roles=OFFICE,
            article="第七条(二)",
            guards=("opinions_complete",),
            requires_reason=True,
            reason_label="不予安排的理由",
            style="danger",
        ),
        Transition(
            "submit_feasibility",
            "报送可研材料",
            ("initially_passed",),
            "feasibility_submitted",
            actor="applicant",
            roles=APPLICANT,
            article="第七条(三)",
            guards=("feasibility_complete",),
            deadline="intake.feasibility",
        ),
        Transition(
            "start_re_review",
            "开始复核",
            ("feasibility_submitted",),
            "in_re_review",
            actor="office",
            roles=OFFICE,
            article="第七条(四)",
            guards=("re_review_once",),
            deadline="intake.re_review",
            stage_refusals=(("returned", "该项目复核未通过已退还申报单位，年内不再复核（第七条(四)）。"),),
        ),
        Transition(
            "approve",
            "复核通过并出具书面意见",
            ("in_re_review",),
            "approved",
            actor="office",
            roles=OFFICE_HEAD,
            article="第七条(四)",
            requires_reason=True,
            reason_label="书面意见",
            deadline="intake.re_review",
            form="re_review_approve",
        ),
        Transition(
            "return_re_review",
            "复核不通过，退还申报单位",
            ("in_re_review",),
            "returned",
            actor="office",
            roles=OFFICE_HEAD,
            article="第七条(四)",
            requires_reason=True,
            reason_label="退还理由",
            style="danger",
            deadline="intake.re_review",
        ),
        Transition(
            "place_in_budget_library",
            "纳入部门预算项目库",
            ("approved",),
            "in_budget_library",
            actor="finance",
            roles=FINANCE,
            article="第七条(五)",
            guards=("plan_sent",),
        ),
        Transition(
            "arrange_funds",
            "登记年度安排资金",
            ("in_budget_library",),
            "funded",
            actor="finance",
            roles=FINANCE,
            article="第七条(五)",
            form="budget_arrange",
        ),
    ),
    activities=(
        # 第七条(一): the application's materials while it is a draft; 第七条(三): the feasibility materials.
        Activity(
            "upload",
            "上传申报材料",
            ("draft",),
            actor="applicant",
            roles=APPLICANT,
            article="第七条(一)",
            kinds=("proposal", "status_statement", "budget_list", "other"),
        ),
        Activity(
            "upload",
            "上传可研材料",
            ("initially_passed",),
            actor="applicant",
            roles=APPLICANT,
            article="第七条(三)",
            kinds=("feasibility_report", "expert_opinion", "other"),
        ),
        Activity(
            "edit_catalog",
            "编制政务信息资源预编目录",
            ("initially_passed",),
            actor="applicant",
            roles=APPLICANT,
            article="第七条(三)",
            refusal="只有初审通过、尚未报送可研材料的项目可以编制资源预编目录。",
        ),
        # 第六条 "一般不单独立项": the Office admits a flagged project as a standalone one, with its reason.
        Activity(
            "infrastructure_standalone",
            "同意单独立项",
            ("submitted", "in_initial_review"),
            actor="office",
            roles=OFFICE,
            article="第六条",
            guards=("infrastructure_flagged",),
            refusal="项目当前状态（{stage}）不能作出统筹决定。",
        ),
    ),
)
SPECIAL = Workflow(
    name="special",
    label="特殊申报程序",
    initial="draft",
    stages=(
        Stage("draft", "草稿", "申请书草稿（未提交）", article="第九条(一)"),
        Stage("requested", "已申请启动", "已提交启动特殊申报程序申请书", article="第九条(一)"),
        Stage("refused", "不同意启动", "办公室不同意启动", terminal=True, article="第八条"),
        Stage("materials_requested", "待报送材料", "办公室同意启动，请报送指定材料", article="第九条(二)"),
        Stage("materials_submitted", "材料已报送", "指定材料已报送", article="第九条(二)"),
        Stage("in_joint_review", "会审中", "会审中", article="第九条(三)"),
        Stage("adjustment_requested", "待调整", "会审要求调整，请调整后重新报送", article="第九条(三)"),
        Stage("rejected", "会审未通过", "会审未通过", terminal=True, article="第九条(三)"),
        Stage("approved", "会审通过", "会审通过（已出具书面意见）", article="第九条(四)"),
        Stage("funds_applied", "已申请财政资金", "已凭书面意见申请财政资金", article="第九条(四)"),
        Stage("funded", "已安排资金", "已安排资金", terminal=True, article="第九条(四)"),
    ),
    transitions=(
        Transition(
            "submit_special_request",
            "提交启动特殊申报程序申请书",
            ("draft",),
            "requested",
            actor="applicant",
            roles=APPLICANT,
            article="第八条(二)",
            guards=("special_once_a_year",),
        ),
        Transition(
            "agree_special_start",
            "同意启动并通知报送材料",
            ("requested",),
            "materials_requested",
            actor="office",
            roles=OFFICE,
            article="第九条(二)",
            requires_reason=True,
            reason_label="需报送的指定材料",
        ),
        Transition(
            "refuse_special_start",
            "不同意启动",
            ("requested",),
            "refused",
            actor="office",
            roles=OFFICE,
            article="第八条(一)",
            requires_reason=True,
            reason_label="不同意启动的理由",
            style="danger",
        ),
        Transition(
            "submit_special_materials",
            "报送指定材料",
            ("materials_requested",),
            "materials_submitted",
            actor="applicant",
            roles=APPLICANT,
            article="第九条(二)",
            guards=("special_materials_complete",),
        ),
        Transition(
            "start_joint_review",
            "组织会审",
            ("materials_submitted",),
            "in_joint_review",
            actor="office",
            roles=OFFICE,
            article="第九条(三)",
            form="joint_review_start",
        ),
        Transition(
            "request_adjustment",
            "要求按会审意见调整",
            ("in_joint_review",),
            "adjustment_requested",
            actor="office",
            roles=OFFICE,
            article="第九条(三)",
            requires_reason=True,
            reason_label="会审调整意见",
        ),
        Transition(
            "resubmit_adjusted",
            "调整后重新报送",
            ("adjustment_requested",),
            "in_joint_review",
            actor="applicant",
            roles=APPLICANT,
            article="第九条(三)",
            requires_reason=True,
            reason_label="调整情况说明",
        ),
        Transition(
            "approve_special",
            "会审通过并出具书面意见",
            ("in_joint_review",),
            "approved",
            actor="office",
            roles=OFFICE_HEAD,
            article="第九条(四)",
            guards=("opinions_complete",),
            requires_reason=True,
            reason_label="书面意见",
            form="special_approve",
        ),
        Transition(
            "reject_special",
            "会审不通过",
            ("in_joint_review",),
            "rejected",
            actor="office",
            roles=OFFICE_HEAD,
            article="第九条(三)",
            requires_reason=True,
            reason_label="不通过的理由",
            style="danger",
        ),
        Transition(
            "apply_special_funds",
            "凭书面意见申请财政资金",
            ("approved",),
            "funds_applied",
            actor="applicant",
            roles=APPLICANT,
            article="第九条(四)",
        ),
        Transition(
            "arrange_special_funds",
            "登记安排资金",
            ("funds_applied",),
            "funded",
            actor="finance",
            roles=FINANCE,
            article="第九条(四)",
            form="special_funds_arrange",
        ),
    ),
    activities=(
        # 第九条(一): the letter; (二): the materials the Office names, again after an adjustment (三).
        Activity(
            "upload",
            "上传申请书及附件",
            ("draft",),
            actor="applicant",
            roles=APPLICANT,
            article="第九条(一)",
            kinds=("special_letter", "city_approval", "proposal", "other"),
        ),
        Activity(
            "upload",
            "上传指定材料",
            ("materials_requested", "adjustment_requested"),
            actor="applicant",
            roles=APPLICANT,
            article="第九条(二)",
            kinds=("special_material", "other"),
        ),
    ),
)
FILING = Workflow(
    name="filing",
    label="备案（第十条）",
    initial="filed",
    stages=(
        Stage("filed", "已备案", "已抄送办公室备案", article="第十条"),
        Stage("info_requested", "待补充情况", "办公室要求补充情况", article="第十条"),
        Stage("routed", "已转入申报程序", "需市财政配套，已转入申报程序", terminal=True, article="第十条"),
    ),
    transitions=(
        Transition(
            "request_filing_info",
            "要求补充情况",
            ("filed",),
            "info_requested",
            actor="office",
            roles=OFFICE,
            article="第十条",
            requires_reason=True,
            reason_label="需补充的情况",
        ),
        Transition(
            "supply_filing_info",
            "补充情况",
            ("info_requested",),
            "filed",
            actor="applicant",
            roles=APPLICANT,
            article="第十条",
            requires_reason=True,
            reason_label="补充说明",
        ),
        Transition(
            "route_filing",
            "转入申报程序（需市财政配套）",
            ("filed", "info_requested"),
            "routed",
            actor="applicant",
            roles=APPLICANT,
            article="第十条",
            form="filing_route",
        ),
    ),
    activities=(
        # 第十条: a newer approval or a supplementary material; a routed filing's go to its declaration.
        Activity(
            "upload",
            "上传备案材料",
            ("filed", "info_requested"),
            actor="applicant",
            roles=APPLICANT,
            article="第十条",
            kinds=("higher_approval", "other"),
        ),
    ),
)
WORKFLOWS = {wf.name: wf for wf in (DECLARATION, SPECIAL, FILING)}


def problems(workflow: Workflow, *, deadlines: frozenset[str] = frozenset()) -> list[str]:
    """Every inconsistency of a workflow table against itself, the parties and guards the apps registered
    (egovpm.lifecycle.engine) and the policy's deadlines; empty when it is sound."""
    from egovpm.lifecycle.engine import GUARDS, PARTIES

    found = []
    codes = [s.code for s in workflow.stages]
    if len(set(codes)) != len(codes):
        found.append(f"{workflow.name}: duplicate stage codes")
    actions = [t.action for t in workflow.transitions]
    if len(set(actions)) != len(actions):
        found.append(f"{workflow.name}: duplicate actions")
    if workflow.initial not in codes:
        found.append(f"{workflow.name}: initial stage '{workflow.initial}' is unknown")
    for t in workflow.transitions:
        for code in (*t.sources, t.target):
            if code not in codes:
                found.append(f"{workflow.name}.{t.action}: unknown stage '{code}'")
        if t.actor not in PARTIES:
            found.append(f"{workflow.name}.{t.action}: unknown actor '{t.actor}'")
        if not t.roles:
            found.append(f"{workflow.name}.{t.action}: no role may take it")
        for guard in t.guards:
            if guard not in GUARDS:
                found.append(f"{workflow.name}.{t.action}: unknown guard '{guard}'")
        if t.deadline and deadlines and t.deadline not in deadlines:
            found.append(f"{workflow.name}.{t.action}: deadline '{t.deadline}' is not in the policy")
        if any(workflow.stage(s).terminal for s in t.sources if s in codes):
            found.append(f"{workflow.name}.{t.action}: leaves a terminal stage")
        for code, _ in t.stage_refusals:
            if code not in codes:
                found.append(f"{workflow.name}.{t.action}: refusal for unknown stage '{code}'")
    for a in workflow.activities:
        for code in a.stages:
            if code not in codes:
                found.append(f"{workflow.name}.{a.name}: unknown stage '{code}'")
        if a.actor not in PARTIES:
            found.append(f"{workflow.name}.{a.name}: unknown actor '{a.actor}'")
        if not a.roles:
            found.append(f"{workflow.name}.{a.name}: no role may do it")
        for guard in a.guards:
            if guard not in GUARDS:
                found.append(f"{workflow.name}.{a.name}: unknown guard '{guard}'")
    for name in {a.name for a in workflow.activities}:
        stages = [code for a in workflow.activities if a.name == name for code in a.stages]
        if len(stages) != len(set(stages)):
            found.append(f"{workflow.name}.{name}: allowed twice in one stage")
        if name in workflow._transitions:
            found.append(f"{workflow.name}.{name}: both an activity and a transition")
    for s in workflow.stages:
        if not s.terminal and not workflow.outgoing(s.code):
            found.append(f"{workflow.name}: stage '{s.code}' is a dead end but not terminal")
    reachable, frontier = {workflow.initial}, [workflow.initial]
    while frontier:
        for t in workflow.outgoing(frontier.pop()):
            if t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    for code in set(codes) - reachable:
        found.append(f"{workflow.name}: stage '{code}' cannot be reached")
    return found
