from egovpm.lifecycle.roles import Role


def restrict_admin_to_sysadmin(site) -> None:
    """Django admin is for the system administrator only (第四条 roles; deny by default)."""

    def has_permission(request):
        user = request.user
        return user.is_active and user.is_authenticated and user.has_role(Role.SYSADMIN)

    site.has_permission = has_permission
    site.site_header = "egovpm 系统管理"
    site.site_title = "egovpm 系统管理"
    site.index_title = "单位、用户与配置"
