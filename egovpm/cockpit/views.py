"""The cockpit: each party's to-do list (第七条) and the lifecycle help page."""

from __future__ import annotations

from django.shortcuts import render

from egovpm.core.http import roles_required
from egovpm.lifecycle.table import DECLARATION, WORKFLOWS
from egovpm.orgs.roles import Role

from . import selectors


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) == 4 else None


@roles_required(*Role)
def todo(request):
    """我的待办: what waits for the user in every role they hold, with due dates and overdue marks."""
    if request.user.roles == {Role.SYSADMIN}:
        return render(request, "cockpit/todo_sysadmin.html")
    context = selectors.todo_page(request.user, plan_year=_year(request.GET.get("plan_year")))
    return render(request, "cockpit/todo.html", context)


@roles_required(*Role)
def help_lifecycle(request):
    """流程说明: the lifecycle table and the policy in force, as the platform applies them."""
    workflow = WORKFLOWS.get(request.GET.get("workflow", ""), DECLARATION)
    context = selectors.lifecycle_help(workflow, plan_year=_year(request.GET.get("plan_year")))
    context["workflows"] = WORKFLOWS.values()
    return render(request, "cockpit/help_lifecycle.html", context)
