from django.urls import reverse

from egovpm.orgs.roles import APPLICANT_ROLES, OFFICE_ROLES, Role


def navigation(request):
    """The menu: each entry shown only to the roles that may open it (the views check again)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    roles = user.roles
    nav = [("cockpit:todo", "我的待办")]
    if roles - {Role.SYSADMIN}:
        nav.append(("intake:declaration_list", "年度申报"))
    if roles & (APPLICANT_ROLES | OFFICE_ROLES | {Role.FINANCE_REVIEWER}):
        nav.append(("intake:special_list", "特殊申报"))
    if roles & OFFICE_ROLES:
        nav.append(("intake:round_list", "初审组织"))
        nav.append(("intake:coordination_list", "基础性系统统筹"))
    if roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER}):
        nav.append(("intake:plan_index", "年度计划与预算库"))
    if roles & (APPLICANT_ROLES | OFFICE_ROLES | {Role.SUPERVISOR_APPROVER}):
        nav.append(("intake:filing_list", "备案"))
    if roles - {Role.SYSADMIN}:
        nav.append(("api:token_list", "API 令牌"))
    nav.append(("cockpit:help_lifecycle", "流程说明"))
    if Role.SYSADMIN in roles:
        nav.append(("admin:index", "系统管理"))
    return {"nav": [(reverse(name), label, name) for name, label in nav]}
