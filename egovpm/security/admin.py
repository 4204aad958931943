"""The system administrator's Django admin: units and users (三员分立: roles are granted, and users moved
between units, by the security administrator on the security pages; both are only shown here). A password
the system administrator sets must be changed by its owner with their own second factor
(security.middleware.CredentialsMiddleware); the owner's authenticator is never the administrator's to
reset, so the second-factor devices have no admin pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.core.errors import Refused
from egovpm.orgs.models import Unit, User
from egovpm.security import services as security_services
from egovpm.security.services_accounts import admin_object_save


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


# A user's authenticator and recovery codes stay the user's (django-otp registers admin pages for them).
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)


@admin.register(Unit)
class UnitAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]


class PasswordSetForm(forms.Form):
    """The system administrator sets a user's password; the rules are password_set's."""

    password1 = forms.CharField(label="新口令", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "off"}))
    password2 = forms.CharField(
        label="再次输入新口令", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "两次输入的口令不一致。")
        return data


@admin.register(User)
class UserAdmin(SysadminOnly, BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "unit", "role_list", "is_active"]
    list_filter = ["is_active", "unit__kind"]
    list_select_related = ["unit"]
    search_fields = ["username", "last_name", "first_name"]
    fieldsets = (
        *BaseUserAdmin.fieldsets[:1],
        ("个人信息", {"fields": ("last_name", "first_name", "email", "phone", "title", "expertise")}),
        ("单位与角色（由安全管理员调整）", {"fields": ("unit_name", "role_list")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    # A new account has no role yet, so the system administrator may place it in a unit; moving an
    # existing account to another unit opens that unit's data to it: the security administrator's.
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "unit", "usable_password", "password1", "password2")}),
    )
    readonly_fields = ["unit_name", "role_list", "last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_grants")

    def save_model(self, request, obj, form, change):
        """A new user's password is an initial one, set through password_set (history, change at first
        login), in the same transaction as the account."""
        password = None
        if not change and form.cleaned_data.get("set_usable_password", True):
            password = form.cleaned_data.get("password1")
            obj.set_unusable_password()  # until password_set: the form's hash would count as a reuse
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if password:
                security_services.password_set(actor=request.user, user=obj, password=password)

    @admin.display(description="单位（由安全管理员调整）")
    def unit_name(self, obj):
        return obj.unit.name if obj.unit_id else "—"

    @admin.display(description="角色（由安全管理员授予）")
    def role_list(self, obj):
        return "、".join(g.get_role_display() for g in obj.role_grants.all()) or "—"

    def user_change_password(self, request, id, form_url=""):
        """Django's page, with the password set through security.services.password_set (policy, history,
        audit event)."""
        user = self.get_object(request, unquote(id))
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        if user is None:
            raise Http404("用户不存在。")
        form = PasswordSetForm(user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                security_services.password_set(actor=request.user, user=user, password=form.cleaned_data["password1"])
            except ValidationError as exc:
                form.add_error("password1", exc.messages)
            except Refused as exc:
                form.add_error("password1", exc.message)
            else:
                if user.pk == request.user.pk:
                    update_session_auth_hash(request, user)
                messages.success(request, "口令已重设。")
                return HttpResponseRedirect(reverse("admin:orgs_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"重设口令：{user.get_username()}",
            "adminForm": admin.helpers.AdminForm(form, [(None, {"fields": list(form.base_fields)})], {}),
            "form_url": form_url,
            "form": form,
            "is_popup": False,
            "add": True,
            "change": False,
            "has_delete_permission": False,
            "has_change_permission": True,
            "has_absolute_url": False,
            "opts": self.opts,
            "original": user,
            "save_as": False,
            "show_save": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/auth/user/change_password.html", context)
