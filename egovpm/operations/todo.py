"""What operations leaves waiting (egovpm.lifecycle.agenda; the cockpit asks this module): the unit's
accepted projects not yet in operation (第二十二条) and, while the general window is open, next year's O&M
declaration of each project in operation (第二十四条); the Office's accepted projects not yet in operation;
the Audit bureau's open final audits (第二十一条). A fixed number of queries per role, besides one look at
the acceptance of each completed project without an operation record."""

from __future__ import annotations

from django.urls import reverse

from egovpm.core import clock
from egovpm.intake.models import Declaration
from egovpm.lifecycle.agenda import TodoItem, todo_item
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.policy.domain import deadline_open
from egovpm.policy.loader import get_policy

from . import selectors
from .models import FinalAudit, Operation
from .workflow import AUDIT_ROLES

GROUP = "operations"


def _page(project_id: int) -> str:
    return reverse("operations:project_detail", kwargs={"pk": project_id})


def _awaiting(user, today, *, unit: bool) -> list[TodoItem]:
    items = [
        todo_item(
            today,
            group=GROUP,
            title=p.name,
            action="已通过竣工验收：登记项目运行机构、管理制度和运维方式后投入运行"
            if unit
            else "已通过竣工验收，项目建设单位尚未投入运行",
            url=_page(p.pk),
            article="第二十二条",
        )
        for p in selectors.awaiting_projects(user)
        if not unit or p.unit_id == user.unit_id
    ]
    stage = Operation.objects.filter(stage="awaiting_operation").select_related("project")
    if unit:
        stage = stage.filter(unit_id=user.unit_id)
    items += [
        todo_item(
            today,
            group=GROUP,
            title=o.project.name,
            action="待投入运行（第二十一条、第二十二条）" if unit else "已登记运行准备，尚未投入运行",
            url=_page(o.project_id),
            article="第二十二条",
        )
        for o in stage
    ]
    return items


def _maintenance(user, today) -> list[TodoItem]:
    """第二十四条: while the general window of the plan year running now is open, each of the unit's
    projects in operation without an O&M declaration of that year."""
    policy = get_policy()
    year = policy.intake.current_plan_year(today)
    open_, _ = deadline_open("intake.declaration", today, policy, plan_year=year)
    if not open_:
        return []
    declared = Declaration.objects.filter(plan_year__year=year, procedure="general").values("project_id")
    running = (
        Operation.objects.filter(unit_id=user.unit_id, stage="in_operation")
        .exclude(project_id__in=declared)
        .select_related("project")
    )
    due = policy.base_due("intake.declaration", plan_year=year)
    return [
        todo_item(
            today,
            group=GROUP,
            title=o.project.name,
            action=f"申报 {year} 年度运行维护经费（一般申报程序）",
            due=due,
            url=reverse("operations:maintenance_declare", kwargs={"pk": o.pk}),
            article="第二十四条",
        )
        for o in running
    ]


def _audits(user, today) -> list[TodoItem]:
    return [
        todo_item(
            today,
            group=GROUP,
            title=a.project.name,
            action="竣工决算审计中：记录审计发现并办结",
            url=_page(a.project_id),
            article="第二十一条",
        )
        for a in FinalAudit.objects.filter(stage="open").select_related("project")
    ]


def todo_items(user) -> list[TodoItem]:
    today = clock.today()
    items: list[TodoItem] = []
    if user.roles & APPLICANT_ROLES and user.unit_id:
        items += _awaiting(user, today, unit=True)
        items += _maintenance(user, today)
    if user.roles & OFFICE_ROLES:
        items += _awaiting(user, today, unit=False)
    if user.roles & AUDIT_ROLES:
        items += _audits(user, today)
    return items
