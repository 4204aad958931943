"""Roles of 第四条 and the platform: the parties the lifecycle table names. Pure Python."""

from enum import StrEnum


class Role(StrEnum):
    UNIT_CLERK = "unit_clerk"
    UNIT_LEADER = "unit_leader"
    SUPERVISOR_APPROVER = "supervisor_approver"
    OFFICE_REVIEWER = "office_reviewer"
    OFFICE_HEAD = "office_head"
    FINANCE_REVIEWER = "finance_reviewer"
    AUDIT_REVIEWER = "audit_reviewer"
    EXPERT = "expert"
    SUPERVISION_ENGINEER = "supervision_engineer"
    ASSESSOR = "assessor"
    SYSADMIN = "sysadmin"
    SECADMIN = "secadmin"
    AUDITADMIN = "auditadmin"


ROLE_LABELS = {
    Role.UNIT_CLERK: "申报经办人",
    Role.UNIT_LEADER: "单位负责人",
    Role.SUPERVISOR_APPROVER: "主管部门审核人",
    Role.OFFICE_REVIEWER: "办公室审核人",
    Role.OFFICE_HEAD: "办公室负责人",
    Role.FINANCE_REVIEWER: "财政局审核人",
    Role.AUDIT_REVIEWER: "审计局审核人",
    Role.EXPERT: "专家",
    Role.SUPERVISION_ENGINEER: "监理工程师",
    Role.ASSESSOR: "第三方评估人员",
    Role.SYSADMIN: "系统管理员",
    Role.SECADMIN: "安全管理员",
    Role.AUDITADMIN: "审计管理员",
}

APPLICANT_ROLES = frozenset({Role.UNIT_CLERK, Role.UNIT_LEADER})
OFFICE_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.OFFICE_HEAD})
REVIEWER_ROLES = frozenset({Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER, Role.EXPERT})
OFFICE_HEAD_ROLES = frozenset({Role.OFFICE_HEAD})
FINANCE_ROLES = frozenset({Role.FINANCE_REVIEWER})
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR_APPROVER})
# 第十三条: the staff of a supervision firm, who see only the projects their firm supervises.
SUPERVISION_FIRM_ROLES = frozenset({Role.SUPERVISION_ENGINEER})
# 第二十五条 效果评估可以由第三方机构执行: the staff of an assessor, who see only the evaluations assigned to it.
ASSESSOR_ROLES = frozenset({Role.ASSESSOR})

# The unit kind a role belongs to ("" = any ordinary unit, None = no unit at all).
ROLE_UNIT_KIND = {
    Role.UNIT_CLERK: "department",
    Role.UNIT_LEADER: "department",
    Role.SUPERVISOR_APPROVER: "department",
    Role.OFFICE_REVIEWER: "office",
    Role.OFFICE_HEAD: "office",
    Role.FINANCE_REVIEWER: "finance",
    Role.AUDIT_REVIEWER: "audit",
    Role.EXPERT: None,
    Role.SUPERVISION_ENGINEER: "supervision_firm",
    Role.ASSESSOR: "assessor",
    Role.SYSADMIN: "any",
    Role.SECADMIN: "any",
    Role.AUDITADMIN: "any",
}

# 三员分立 (GB/T 22239-2019 8.1.4.2, 8.1.4.4): the system administrator (units, users, configuration), the
# security administrator (roles, permissions, security policy) and the audit administrator (reads and
# verifies the audit log). Mutually exclusive, and none of them holds a business role.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})

# Every role that works on projects; the selectors narrow what each one sees.
BUSINESS_ROLES = frozenset(Role) - ADMIN_ROLES


def role_problems(roles) -> list[str]:
    """Why this set of roles may not be held by one person (三员分立), in Chinese; [] when it may."""
    roles = {Role(r) for r in roles}
    admin = roles & ADMIN_ROLES
    problems = []
    if len(admin) > 1:
        names = "、".join(ROLE_LABELS[r] for r in sorted(admin))
        problems.append(f"{names}须由不同人员担任（三员分立），同一用户只能担任其中一种。")
    if admin and roles & BUSINESS_ROLES:
        problems.append(f"{ROLE_LABELS[min(admin)]}不得同时担任业务角色（三员分立）。")
    return problems
