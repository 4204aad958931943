"""The construction phase in the cockpit (egovpm.lifecycle.agenda): what waits for the unit (open a funded
project, record the responsibility, submit the estimate, start, report progress when behind the plan) and
for the 项目审批部门 (approve estimates and adjustment requests, projects behind their plan, incidents)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from egovpm.core import clock
from egovpm.lifecycle.agenda import NOTICE, TodoItem, todo_item
from egovpm.lifecycle.roles import APPLICANT_ROLES

from .models import Adjustment, AdjustmentStatus, Estimate, EstimateStatus, Incident, Responsibility
from .selectors import constructions_approved_by, constructions_visible_to, is_behind_plan, with_latest_progress
from .selectors_page import openable_projects
from .workflow import APPROVER_ROLES

# Incidents stay on the 项目审批部门's list as notices for this many days.
INCIDENT_NOTICE_DAYS = 30


def _detail(construction) -> str:
    return reverse("construction:detail", kwargs={"pk": construction.pk})


BUILDING = ("preparing", "under_construction")


def _unit_items(user, today) -> list[TodoItem]:
    items = [
        todo_item(
            today,
            group="applicant",
            title=project.name,
            action="开始建设准备",
            url=reverse("construction:open"),
            note="项目已安排资金，可开始建设准备。",
            article="第十一条",
        )
        for project in openable_projects(user)
    ]
    estimates = Estimate.objects.filter(construction=OuterRef("pk"))
    own = with_latest_progress(
        constructions_visible_to(user).filter(unit_id=user.unit_id, stage__in=BUILDING).select_related("project")
    ).annotate(
        has_responsibility=Exists(Responsibility.objects.filter(construction=OuterRef("pk"))),
        has_approved=Exists(estimates.filter(status=EstimateStatus.APPROVED)),
        has_pending=Exists(estimates.filter(status=EstimateStatus.SUBMITTED)),
    )
    for c in own:
        if c.stage == "preparing" and not c.has_responsibility:
            todo = (
                "确定项目实施机构和项目负责人",
                reverse("construction:responsibility", args=[c.pk]),
                "第十二条",
                None,
            )
        elif c.stage == "preparing" and not (c.has_approved or c.has_pending):
            todo = ("报送初步设计方案和投资概算", reverse("construction:estimate", args=[c.pk]), "第十四条", None)
        elif c.stage == "preparing" and c.has_approved:
            todo = ("委托具有相应资质的监理单位后开工建设", _detail(c), "第十三条", None)
        elif is_behind_plan(c):
            todo = (
                "进度滞后：报告建设进度；严重逾期的，及时向项目审批部门报告",
                reverse("construction:progress", args=[c.pk]),
                "第十五条",
                c.planned_end_date,
            )
        else:
            continue
        action, url, article, due = todo
        items.append(
            todo_item(today, group="applicant", title=c.project.name, action=action, url=url, article=article, due=due)
        )
    return items


def _approver_items(user, today) -> list[TodoItem]:
    mine = constructions_approved_by(user)
    pending_estimate = Estimate.objects.filter(construction=OuterRef("pk"), status=EstimateStatus.SUBMITTED)
    pending_adjustment = Adjustment.objects.filter(construction=OuterRef("pk"), status=AdjustmentStatus.SUBMITTED)
    rows = with_latest_progress(mine.filter(stage__in=BUILDING).select_related("project")).annotate(
        pending_estimate=Subquery(pending_estimate.values("pk")[:1]),
        pending_version=Subquery(pending_estimate.values("version")[:1]),
        pending_adjustment=Subquery(pending_adjustment.values("pk")[:1]),
    )
    items = []
    for c in rows:
        title = c.project.name
        if c.pending_estimate:
            items.append(
                todo_item(
                    today,
                    group="office",
                    title=title,
                    action=f"核定第 {c.pending_version} 版初步设计方案和投资概算",
                    url=reverse("construction:decide", args=["estimate", c.pending_estimate]),
                    article="第十四条",
                )
            )
        if c.pending_adjustment:
            items.append(
                todo_item(
                    today,
                    group="office",
                    title=title,
                    action="审批概算调整报告（须在调整实施前）",
                    url=reverse("construction:decide", args=["adjustment", c.pending_adjustment]),
                    article="第十四条",
                )
            )
        if is_behind_plan(c):
            items.append(
                todo_item(
                    today,
                    group="office",
                    title=title,
                    action="进度滞后：可依照有关规定要求整改或暂停项目建设",
                    url=_detail(c),
                    due=c.planned_end_date,
                    article="第十五条",
                )
            )
    since = clock.now() - dt.timedelta(days=INCIDENT_NOTICE_DAYS)
    for i in Incident.objects.filter(construction__in=mine, reported_at__gte=since).select_related(
        "construction__project"
    ):
        items.append(
            TodoItem(
                group="office",
                title=i.construction.project.name,
                action=f"项目建设单位报告：{i.get_kind_display()}",
                url=_detail(i.construction),
                note=i.description,
                article="第十五条",
                kind=NOTICE,
            )
        )
    return items


def todo_items(user) -> list[TodoItem]:
    today = clock.today()
    items: list[TodoItem] = []
    if user.unit_id and user.roles & APPLICANT_ROLES:
        items += _unit_items(user, today)
    if user.roles & APPROVER_ROLES:
        items += _approver_items(user, today)
    return items
