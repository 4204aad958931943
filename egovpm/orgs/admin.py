from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import RoleGrant, Unit, User
from .services import admin_object_save, user_roles_replace


class SysadminOnly:
    """The system administrator manages these through admin without Django's per-model permissions;
    every save is audited."""

    def save_model(self, request, obj, form, change):
        admin_object_save(actor=request.user, obj=obj, created=not change, changed_fields=form.changed_data)

    def has_module_permission(self, request):
        return admin.site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return admin.site.has_permission(request)

    def has_add_permission(self, request, *args):
        return admin.site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return admin.site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0

    def has_add_permission(self, request, obj=None):
        return admin.site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return admin.site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return admin.site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return admin.site.has_permission(request)


@admin.register(User)
class UserAdmin(SysadminOnly, BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "unit", "is_active"]
    list_filter = ["is_active", "unit__kind"]
    list_select_related = ["unit"]
    search_fields = ["username", "last_name", "first_name"]
    fieldsets = (
        *BaseUserAdmin.fieldsets[:1],
        ("个人信息", {"fields": ("last_name", "first_name", "email", "phone", "title", "expertise", "unit")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleGrantInline]

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.role_grants.values_list("role", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        user_roles_replace(actor=request.user, user=form.instance, before=before)
