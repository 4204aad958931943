"""The cockpit: each party's to-do list (第七条), the Office's 驾驶舱 (with Finance's and Audit's views of their
duties) and the lifecycle help page."""

from __future__ import annotations

from django.shortcuts import render

from egovpm.core import clock
from egovpm.intake import selectors_plan
from egovpm.lifecycle.roles import BUSINESS_ROLES, ROLE_LABELS, Role
from egovpm.lifecycle.table import WORKFLOWS
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.orgs.context_processors import ADMIN_TOOLS
from egovpm.policy.loader import get_policy
from egovpm.security.http import roles_required

from . import dashboard, selectors


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) == 4 else None


@roles_required(*Role)
def todo(request):
    """我的待办: what waits for the user in every role they hold, with due dates and overdue marks."""
    roles = request.user.roles
    if not roles & BUSINESS_ROLES:
        # 三员分立: an administrator takes no part in projects; their landing lists their tools.
        admin = [(ROLE_LABELS[r], ADMIN_TOOLS[r]) for r in sorted(roles) if r in ADMIN_TOOLS]
        return render(request, "cockpit/todo_admin.html", {"admin_roles": admin})
    context = selectors.todo_page(
        request.user,
        plan_year=_year(request.GET.get("plan_year")),
        group=request.GET.get("group", ""),
        page=request.GET.get("page"),
    )
    return render(request, "cockpit/todo.html", context)


@roles_required(*Role)
def help_lifecycle(request):
    """流程说明: the lifecycle table and the policy in force, as the platform applies them."""
    workflow = WORKFLOWS.get(request.GET.get("workflow", ""), DECLARATION)
    context = selectors.lifecycle_help(workflow, plan_year=_year(request.GET.get("plan_year")))
    context["workflows"] = WORKFLOWS.values()
    return render(request, "cockpit/help_lifecycle.html", context)


@roles_required(*BUSINESS_ROLES)
def calendar(request):
    """期限日历: the plan year's dates and every deadline waiting for the user (one project's with ?project=)."""
    project = request.GET.get("project", "")
    context = selectors.deadline_calendar(
        request.user,
        plan_year=_year(request.GET.get("plan_year")),
        project_id=int(project) if project.isdigit() else None,
    )
    return render(request, "cockpit/calendar.html", context)


def dashboard_year(value: str | None) -> int | None:
    """The plan year the cockpit shows: `?plan_year=all` every year, a year that year, else the current one."""
    if value == "all":
        return None
    return _year(value) or get_policy().intake.current_plan_year(clock.today())


@roles_required(*dashboard.COCKPIT_ROLES)
def cockpit(request):
    """驾驶舱: the pipeline by stage, the money by department and by funding source, overdue items by unit and
    第六条 decisions for the Office; Finance and Audit the money and what waits for them."""
    plan_year = dashboard_year(request.GET.get("plan_year"))
    context = dashboard.cockpit(request.user, plan_year=plan_year)
    context["years"] = selectors_plan.plan_year_choices().values_list("year", flat=True)
    return render(request, "cockpit/cockpit.html", context)
