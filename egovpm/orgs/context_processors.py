from django.urls import reverse

from egovpm.lifecycle.roles import (
    APPLICANT_ROLES,
    ASSESSOR_ROLES,
    BUSINESS_ROLES,
    OFFICE_ROLES,
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
        return {"nav": []}
    roles = user.roles
    business = roles & BUSINESS_ROLES
    # 第二十五条 第三方机构: an assessor's staff see their to-do list, the evaluations assigned to them and the API.
    internal = business - ASSESSOR_ROLES
    nav = [("cockpit:todo", "我的待办" if business else "工作台")]
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
    if business:
        nav.append(("api:token_list", "API 令牌"))
        nav.append(("cockpit:help_lifecycle", "流程说明"))
    for role, tools in ADMIN_TOOLS.items():
        if role in roles:
            nav.extend((name, label) for name, label, _ in tools)
    return {"nav": [(reverse(name), label, name) for name, label in nav]}
