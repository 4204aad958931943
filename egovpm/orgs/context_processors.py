from django.urls import reverse

from egovpm.lifecycle.roles import (
    APPLICANT_ROLES,
    ASSESSOR_ROLES,
    BUSINESS_ROLES,
    OFFICE_ROLES,
    REVIEWER_ROLES,
    SUPERVISION_FIRM_ROLES,
    Role,
)

# 三员分立: each administrator's tools (menu entry, and the landing page's list with what each is for).
ADMIN_TOOLS = {
    Role.SYSADMIN: (("admin:index", "系统管理", "维护单位和用户（含重设口令）；角色由安全管理员授予。"),),
    Role.SECADMIN: (
        ("security:user_list", "用户与角色", "授予和收回角色（三员分立），查看双因素认证和登录锁定，解除锁定。"),
        ("security:policy", "安全策略", "口令、锁定、会话、双因素认证和限流规则，及其变更记录。"),
    ),
    Role.AUDITADMIN: (("audit:event_list", "审计日志", "查询审计链，验证其完整性，导出一段日期用于异地归档。"),),
}


# 第十七条, 第十八条: Finance, Audit and the supervising departments follow supervision too.
SUPERVISION_VIEWERS = frozenset({Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER, Role.SUPERVISOR_APPROVER})


def navigation(request):
    """The menu: each entry shown only to the roles that may open it (the views check again). The three
    administrators hold no business role and see only their own tools."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "nav_groups": []}
    roles = user.roles
    business = roles & BUSINESS_ROLES
    # 第二十五条 第三方机构: an assessor's staff see their to-do list, the evaluations assigned to them and the API.
    internal = business - ASSESSOR_ROLES
    nav = [("cockpit:todo", "我的待办" if business else "工作台")]
    if roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}):
        nav.append(("cockpit:cockpit", "驾驶舱"))
    if internal - SUPERVISION_FIRM_ROLES:
        nav.append(("intake:declaration_list", "年度申报"))
    if roles & (APPLICANT_ROLES | OFFICE_ROLES | {Role.FINANCE_REVIEWER}):
        nav.append(("intake:special_list", "特殊申报"))
    if roles & OFFICE_ROLES:
        nav.append(("intake:round_list", "初审组织"))
        nav.append(("coordination:coordination_list", "基础性系统统筹"))
    # 第七条(二), 第九条(三): the Office keeps the expert library; Audit re-runs its draws; an expert works in theirs.
    if roles & OFFICE_ROLES:
        nav.append(("experts:expert_list", "专家库"))
    elif Role.AUDIT_REVIEWER in roles:
        nav.append(("experts:draw_list", "专家抽取记录"))
    if Role.EXPERT in roles:
        nav.append(("experts:workspace", "我的评审"))
    if roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER}):
        nav.append(("intake:plan_index", "年度计划与预算库"))
    if roles & (APPLICANT_ROLES | OFFICE_ROLES | {Role.SUPERVISOR_APPROVER}):
        nav.append(("filings:filing_list", "备案"))
    if roles & (
        APPLICANT_ROLES | OFFICE_ROLES | {Role.SUPERVISOR_APPROVER, Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}
    ):
        nav.append(("procurement:project_list", "采购与拨付"))
    if roles & SUPERVISION_FIRM_ROLES:
        nav.append(("supervision:workspace", "监理工作台"))
    if roles & (APPLICANT_ROLES | OFFICE_ROLES | SUPERVISION_FIRM_ROLES | SUPERVISION_VIEWERS):
        nav.append(("supervision:project_list", "监督管理"))
    if roles & OFFICE_ROLES:
        nav.append(("supervision:firm_list", "监理单位资质"))
    if internal:
        nav.append(("construction:list", "项目建设"))
    if roles & (APPLICANT_ROLES | OFFICE_ROLES | SUPERVISION_VIEWERS | {Role.EXPERT}):
        nav.append(("acceptance:list", "项目验收"))
    if internal - SUPERVISION_FIRM_ROLES - {Role.EXPERT}:
        nav.append(("operations:operation_list", "运维管理"))
    if roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}):
        nav.append(("operations:final_audit_list", "竣工决算审计"))
    # 第三十条, 第三十一条: the Office and Audit see every violation, a unit and its supervisor their own.
    if roles & (APPLICANT_ROLES | OFFICE_ROLES | {Role.SUPERVISOR_APPROVER, Role.AUDIT_REVIEWER}):
        nav.append(("accountability:violation_list", "责任追究"))
        nav.append(("accountability:classified_list", "涉密项目"))
    if roles & (APPLICANT_ROLES | OFFICE_ROLES | ASSESSOR_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}):
        nav.append(("evaluation:evaluation_list", "效果评估"))
    if roles & REVIEWER_ROLES:
        # 第七条(二): Finance, Audit and the experts answer the Office's requests for their opinion.
        nav.append(("intake:invitation_list", "意见征询"))
    if business:
        # API tokens are credentials of the account: reached from 账户安全 (they need a second factor).
        nav.append(("cockpit:calendar", "期限日历"))
        nav.append(("cockpit:help_lifecycle", "流程说明"))
    for role, tools in ADMIN_TOOLS.items():
        if role in roles:
            nav.extend((name, label) for name, label, _ in tools)
    # The header's search box searches the declaration list (number, name, unit, content) for those who have it.
    search = reverse("intake:declaration_list") if ("intake:declaration_list", "年度申报") in nav else ""
    entries = [(reverse(name), label, name) for name, label in nav]
    return {"nav": entries, "nav_groups": _grouped(entries), "search_url": search}


# The menu's groups (an entry not named here stands alone), so that the Office's menu fits one line at
# 1280 px: each group opens on click (<details>, no script).
MENU_GROUPS = {
    "intake:declaration_list": "申报与计划",
    "intake:special_list": "申报与计划",
    "intake:round_list": "申报与计划",
    "coordination:coordination_list": "申报与计划",
    "intake:plan_index": "申报与计划",
    "filings:filing_list": "申报与计划",
    "construction:list": "建设与监督",
    "procurement:project_list": "建设与监督",
    "supervision:workspace": "建设与监督",
    "supervision:project_list": "建设与监督",
    "supervision:firm_list": "建设与监督",
    "acceptance:list": "验收与运维",
    "operations:operation_list": "验收与运维",
    "operations:final_audit_list": "验收与运维",
    "evaluation:evaluation_list": "评估与问责",
    "accountability:violation_list": "评估与问责",
    "accountability:classified_list": "评估与问责",
    "cockpit:calendar": "帮助",
    "cockpit:help_lifecycle": "帮助",
}


def _grouped(entries: list[tuple[str, str, str]]) -> list[dict]:
    """[{label, entries}] in the order of their first entry; a group of one entry is shown as that entry."""
    groups: list[dict] = []
    by_label: dict[str, dict] = {}
    for entry in entries:
        label = MENU_GROUPS.get(entry[2])
        if label is None:
            groups.append({"label": entry[1], "entries": [entry]})
            continue
        if label not in by_label:
            by_label[label] = {"label": label, "entries": []}
            groups.append(by_label[label])
        by_label[label]["entries"].append(entry)
    return groups
