"""The security administrator's pages (三员分立): users and their roles, lifting a lockout, and the
security policy with the history of its changes. Nobody else opens them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from egovpm.lifecycle.roles import Role, role_problems
from egovpm.orgs.models import Unit, User
from egovpm.security.http import roles_required, run_service
from egovpm.security.services_accounts import user_roles_set, user_unit_set

from . import selectors_admin, services, services_admin
from .forms_admin import SecurityPolicyForm, UserFilterForm, UserRolesForm, UserUnitForm
from .policy import security_policy

PAGE_SIZE = 50


@roles_required(Role.SECADMIN)
def user_list(request):
    """用户与角色: every user with unit, roles, second factor and lockout."""
    form = UserFilterForm(request.GET or None, units=Unit.objects.order_by("code"))
    users = selectors_admin.users_for_security(security_policy(), **form.filters())
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "security/admin_users.html", {"form": form, "page": page})


UNIT_CHANGE = "unit"  # the submit button of the unit form on the same page


@roles_required(Role.SECADMIN)
def user_roles(request, pk: int):
    """Grant and revoke one user's roles, and move the user to another unit (two forms on one page: the
    unit form's button names it); 三员分立 refusals appear at the field."""
    user = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    units = Unit.objects.filter(is_active=True).order_by("code")
    changing_unit = request.method == "POST" and request.POST.get("change") == UNIT_CHANGE
    unit_form = UserUnitForm(request.POST if changing_unit else None, units=units, initial={"unit": user.unit_id})
    if changing_unit and unit_form.is_valid():
        ok, _ = run_service(
            request,
            user_unit_set,
            form=unit_form,
            success=f"已调整 {user} 的单位。",
            actor=request.user,
            user=user,
            unit=unit_form.cleaned_data["unit"],
        )
        if ok:
            return redirect("security:user_roles", pk=user.pk)
    form = UserRolesForm(None if changing_unit else request.POST or None, initial={"roles": sorted(user.roles)})
    if request.method == "POST" and not changing_unit and form.is_valid():
        ok, _ = run_service(
            request,
            user_roles_set,
            form=form,
            success=f"已保存 {user} 的角色。",
            actor=request.user,
            user=user,
            roles=form.cleaned_data["roles"],
        )
        if ok:
            return redirect("security:user_list")
    context = {
        "form": form,
        "unit_form": unit_form,
        "unit_change": UNIT_CHANGE,
        "unit_history": selectors_admin.unit_history(user),
        "subject": user,
        "current_problems": role_problems(user.roles),
        "locked": selectors_admin.user_is_locked(security_policy(), user),
        "history": selectors_admin.role_history(user),
        "is_self": user.pk == request.user.pk,
    }
    return render(request, "security/admin_user_roles.html", context)


@roles_required(Role.SECADMIN)
def user_unlock(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = get_object_or_404(User, pk=pk)
    run_service(
        request, services_admin.user_unlock, success=f"已解除 {user} 的登录锁定。", actor=request.user, user=user
    )
    return redirect("security:user_roles", pk=user.pk)


@roles_required(Role.SECADMIN)
def policy(request):
    """安全策略: the policy in force as a form; values outside the level-3 bounds are refused at the field."""
    form = SecurityPolicyForm(request.POST or None, policy=security_policy())
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.security_policy_update,
            form=form,
            success="安全策略已更新，立即生效。",
            actor=request.user,
            policy=form.policy(),
        )
        if ok:
            return redirect("security:policy")
    context = {"form": form, "history": selectors_admin.security_policy_history()}
    return render(request, "security/admin_policy.html", context)
