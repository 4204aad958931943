"""Reads of the cockpit: what waits for each party (each app's `todo` module), the Office's overview of a
plan year, and the lifecycle help page."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Paginator
from django.urls import reverse

from egovpm.acceptance.selectors import overview as acceptance_overview
from egovpm.accountability.selectors import overview as accountability_overview
from egovpm.core import clock
from egovpm.intake import selectors_plan
from egovpm.intake.selectors import BEFORE_OFFICE, stage_counts
from egovpm.lifecycle.agenda import GROUPS, TodoGroup, TodoItem, sort_key
from egovpm.lifecycle.diagram import to_svg
from egovpm.lifecycle.engine import PARTIES
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, REVIEWER_ROLES, ROLE_LABELS, Role
from egovpm.lifecycle.table import Workflow
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.operations.selectors import overview as operations_overview
from egovpm.policy.domain import Policy, is_past
from egovpm.policy.loader import get_policy
from egovpm.procurement.selectors import CITYWIDE_ROLES, money_by_plan_year
from egovpm.supervision.selectors import overview as supervision_overview

ENFORCEMENT_LABELS = {"refuse": "拒绝（逾期不能报送）", "warn": "提醒（逾期标红）"}
# The platform's own service times (the regulation names only the yearly deadlines).
SERVICE_DAY_LABELS = {
    "consent": ("主管部门审核同意上报", "第七条(一)"),
    "initial_review_start": ("办公室将已申报项目纳入初审", "第七条(二)"),
    "review_opinion": ("财政、审计和专家提交初审意见", "第七条(二)"),
    "initial_review_conclusion": ("意见齐全后办公室作出初审结论", "第七条(二)"),
    "budget_library": ("财政局将报送项目纳入部门预算项目库", "第七条(五)"),
}


def todo_items(user) -> list[TodoItem]:
    """Everything waiting for `user`, for every role they hold, soonest due first within each group: the
    items of each installed app's `todo` module (egovpm.lifecycle.agenda)."""
    if not user.is_authenticated:
        return []
    items: list[TodoItem] = []
    for source in todo_sources():
        items += source(user)
    return sorted(items, key=sort_key)


@functools.cache
def todo_sources() -> tuple:
    """`todo_items` of every installed egovpm app that has a `todo` module, in INSTALLED_APPS order."""
    sources = []
    for app in apps.get_app_configs():
        if not app.name.startswith("egovpm.") or app.name == __package__:
            continue
        try:
            module = importlib.import_module(f"{app.name}.todo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.todo":
                raise
            continue
        sources.append(module.todo_items)
    return tuple(sources)


def cycle_deadlines(policy: Policy, plan_year: int, today: dt.date) -> list[dict]:
    """The policy's deadlines of one plan year, with their article and whether they have passed."""
    return [
        {
            "key": d.key,
            "label": d.label,
            "date": d.for_plan_year(plan_year),
            "article": d.article,
            "enforcement": d.enforcement,
            "enforcement_label": ENFORCEMENT_LABELS.get(d.enforcement, d.enforcement),
            "past": is_past(d.for_plan_year(plan_year), today),
        }
        for d in sorted(policy.intake.deadlines.values(), key=lambda d: d.for_plan_year(plan_year))
    ]


def office_overview(user, plan_year: int) -> dict:
    """Counts per stage of one plan year, each linked to the filtered declaration list."""
    counts = stage_counts(user, plan_year)
    base = reverse("intake:declaration_list")
    rows = [
        {
            "stage": s,
            "count": counts.get(s.code, 0),
            "url": f"{base}?{urlencode({'stage': s.code, 'plan_year': plan_year})}",
        }
        for s in DECLARATION.stages
        if s.code not in BEFORE_OFFICE
    ]
    return {"plan_year": plan_year, "rows": rows, "total": sum(r["count"] for r in rows)}


# Each group of the home shows this many items a page, so that it stays usable when thousands wait.
GROUP_PAGE_SIZE = 20


def next_steps(user, announced: list[dict]) -> list[tuple[str, str]]:
    """What an empty home suggests doing next, by role: (label, url)."""
    roles, steps = user.roles, []
    if roles & APPLICANT_ROLES and user.unit_id:
        if announced:
            steps.append((f"新建 {announced[0]['year']} 年度计划申报", reverse("intake:declaration_create")))
        steps.append(("查看本单位的申报和项目", reverse("intake:declaration_list")))
    if roles & OFFICE_ROLES:
        steps.append(("查看年度申报", reverse("intake:declaration_list")))
        steps.append(("年度计划与预算库", reverse("intake:plan_index")))
    if roles & REVIEWER_ROLES:
        steps.append(("我的意见征询", reverse("intake:invitation_list")))
    if Role.SUPERVISOR_APPROVER in roles:
        steps.append(("查看下属单位的申报", reverse("intake:declaration_list")))
    return steps


def todo_page(user, *, plan_year: int | None = None, group: str = "", page: str | int | None = None) -> dict:
    """The context of the home: what waits for the user grouped by kind, each group with its counts (the
    header's are their sums) and a page of its items; the plan years open for declaration; for the Office
    an overview of the running cycle."""
    policy, today = get_policy(), clock.today()
    items = todo_items(user)
    groups = {key: TodoGroup(key, label) for key, label in GROUPS.items()}
    for item in items:
        groups[item.group].items.append(item)
    shown = [g for g in groups.values() if g.items]
    for g in shown:
        g.page = Paginator(g.items, GROUP_PAGE_SIZE).get_page(page if g.key == group else 1)
    years = selectors_plan.opened_years()
    cycle = selectors_plan.running_cycle(today, policy, years)
    announced = selectors_plan.open_declaration_years(today, policy, years)
    context = {
        "groups": shown,
        "todo_count": sum(g.todo for g in shown),
        "overdue_count": sum(g.overdue for g in shown),
        "waiting_count": sum(g.waiting for g in shown),
        "notice_count": sum(g.notice for g in shown),
        "today": today,
        "cycle": cycle,
        "announced": announced,
        "may_declare": bool(user.roles & APPLICANT_ROLES and user.unit_id),
        "is_office": bool(user.roles & OFFICE_ROLES),
        "next_steps": next_steps(user, announced),
        "overview": None,
        "deadlines": [],
        "supervision": None,
        "acceptance": None,
        "operations": None,
        "construction_money": None,
        "accountability": None,
    }
    if user.roles & OFFICE_ROLES:
        year = plan_year or cycle
        context["overview"] = office_overview(user, year)
        context["deadlines"] = cycle_deadlines(policy, year, today)
        context["supervision"] = supervision_overview()
        context["acceptance"] = acceptance_overview()
        context["operations"] = operations_overview()
        context["accountability"] = accountability_overview()
    if user.roles & CITYWIDE_ROLES:
        # 第四条: the Office, Finance and Audit follow the money of every project in construction.
        context["construction_money"] = money_by_plan_year(user)
    return context


def _party_label(name: str) -> str:
    return PARTIES[name].label if name in PARTIES else name


def _roles_text(roles) -> str:
    return "、".join(ROLE_LABELS[r] for r in Role if r in roles)


def lifecycle_help(workflow: Workflow = DECLARATION, *, plan_year: int | None = None) -> dict:
    """The help page, read from the lifecycle table and the policy in force."""
    policy, today = get_policy(), clock.today()
    year = plan_year or selectors_plan.running_cycle(today, policy)
    deadlines = {d["key"]: d for d in cycle_deadlines(policy, year, today)}
    transitions = [
        {
            "t": t,
            "sources": [workflow.stage(s) for s in t.sources],
            "target": workflow.stage(t.target),
            "actor": _party_label(t.actor),
            "roles": _roles_text(t.roles),
            "deadline": deadlines.get(t.deadline),
        }
        for t in workflow.transitions
    ]
    activities = [
        {
            "a": a,
            "stages": [workflow.stage(s) for s in a.stages],
            "actor": _party_label(a.actor),
            "roles": _roles_text(a.roles),
        }
        for a in workflow.activities
    ]
    service_days = [
        {
            "key": key,
            "label": SERVICE_DAY_LABELS.get(key, (key, ""))[0],
            "article": SERVICE_DAY_LABELS.get(key, ("", ""))[1],
            "days": days,
        }
        for key, days in policy.intake.service_days.items()
    ]
    return {
        "workflow": workflow,
        "diagram": to_svg(workflow),
        "transitions": transitions,
        "activities": activities,
        "stages": workflow.stages,
        "policy": policy,
        "plan_year": year,
        "deadlines": list(deadlines.values()),
        "service_days": service_days,
    }


def _project_of_item(item: TodoItem) -> int | None:
    return item.project_id or getattr(item.declaration, "project_id", None)


def deadline_calendar(user, *, plan_year: int | None = None, project_id: int | None = None) -> dict:
    """期限日历: the policy's dates of a plan year (第七条) and every due date on the user's to-do lists — each
    app's, so each stage's clocks as the app computes them from its records and the extensions granted
    (six months after completion, a rectification order's deadline, an information request's…) — by month.
    With `project_id`, one project's: its items only, and the plan year of its declarations."""
    policy, today = get_policy(), clock.today()
    items = [i for i in todo_items(user) if i.due is not None]
    if project_id is not None:
        items = [i for i in items if _project_of_item(i) == project_id]
    year = plan_year or selectors_plan.running_cycle(today, policy)
    entries = [
        {
            "date": d["date"],
            "label": d["label"],
            "detail": f"{year} 年度计划（一般申报程序）",
            "article": d["article"],
            "url": reverse("cockpit:help_lifecycle") + f"?plan_year={year}",
            "kind": "policy",
            "past": d["past"],
            "overdue": False,
        }
        for d in cycle_deadlines(policy, year, today)
    ]
    entries += [
        {
            "date": i.due,
            "label": i.action,
            "detail": i.title,
            "article": i.article,
            "url": i.url,
            "kind": i.kind,
            "past": is_past(i.due, today),
            "overdue": i.overdue,
        }
        for i in items
    ]
    entries.sort(key=lambda e: (e["date"], e["kind"] != "policy", e["label"]))
    months: dict[tuple[int, int], list[dict]] = {}
    for e in entries:
        months.setdefault((e["date"].year, e["date"].month), []).append(e)
    return {
        "plan_year": year,
        "today": today,
        "months": [{"year": y, "month": m, "entries": rows} for (y, m), rows in months.items()],
        "project_id": project_id,
        "count": len(entries),
    }
