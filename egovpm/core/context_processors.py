from django.urls import reverse

from egovpm.orgs.roles import OFFICE_ROLES, Role


def navigation(request):
    """The menu: each entry shown only to the roles that may open it (the views check again)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    roles = user.roles
    nav = [("cockpit:todo", "我的待办")]
    if roles - {Role.SYSADMIN}:
        nav.append(("intake:declaration_list", "年度申报"))
    if roles & OFFICE_ROLES:
        nav.append(("intake:round_list", "初审组织"))
    if roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER}):
        nav.append(("intake:plan_index", "年度计划与预算库"))
    nav.append(("cockpit:help_lifecycle", "流程说明"))
    if Role.SYSADMIN in roles:
        nav.append(("admin:index", "系统管理"))
    return {"nav": [(reverse(name), label, name) for name, label in nav]}
