"""What supervision leaves waiting (egovpm.lifecycle.agenda; the cockpit asks this module): the unit's
rectification orders and information requests, the Office's reviews and overdue orders (第十八条), the
requester's lapsed requests (第十七条), and the firm's reports (第十三条). An overdue order and a lapsed request
are on both sides' lists. A fixed number of queries per role, whatever the number of items."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from egovpm.core import clock
from egovpm.lifecycle.agenda import TodoItem, todo_item
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES

from . import domain, selectors
from .models import InformationRequest, Rectification, Supervision


def _page(project_id: int) -> str:
    return reverse("supervision:project_detail", kwargs={"pk": project_id})


def _orders(user, today) -> list[TodoItem]:
    """第十八条: the unit reports its rectification by the deadline; the Office reviews it, and sees every
    overdue order (拒不整改 → it may apply a sanction)."""
    office, unit = bool(user.roles & OFFICE_ROLES), bool(user.roles & APPLICANT_ROLES and user.unit_id)
    if not office and not unit:
        return []
    cond = Q(pk__in=[])
    if unit:
        cond |= Q(unit_id=user.unit_id, stage__in=domain.OWED_STAGES)
    if office:
        cond |= Q(stage="answered") | Q(stage__in=domain.OWED_STAGES)
    orders = selectors.with_due(Rectification.objects.filter(cond).select_related("project"))
    items = []
    for o in orders:
        due = selectors.rectification_due(o)
        owed, overdue = o.stage in domain.OWED_STAGES, domain.rectification_overdue(o.stage, due, today)
        if unit and o.unit_id == user.unit_id and owed:
            action = "限期整改已逾期（第十八条）" if overdue else "按整改要求整改并报送整改情况"
            if o.stage == "rejected" and not overdue:
                action = "整改不符合要求，请在期限内重新整改"
            items.append(
                todo_item(
                    today,
                    group="applicant",
                    title=o.project.name,
                    action=action,
                    due=due,
                    url=_page(o.project_id),
                    article="第十八条",
                    note=o.requirement,
                )
            )
        if office and o.stage == "answered":
            items.append(
                todo_item(
                    today,
                    group="office",
                    title=o.project.name,
                    action="复查整改情况（通过或不符合要求）",
                    url=_page(o.project_id),
                    article="第十八条",
                )
            )
        elif office and overdue:
            items.append(
                todo_item(
                    today,
                    group="office",
                    title=o.project.name,
                    action="逾期未整改：可予以处理（第十八条）",
                    due=due,
                    url=_page(o.project_id),
                    article="第十八条",
                    note=o.requirement,
                    project_id=o.project_id,
                    urge="限期整改已逾期，请立即整改并报送整改情况（第十八条）",
                )
            )
    return items


def _requests(user, today) -> list[TodoItem]:
    """第十七条: the unit provides what was asked by the date; the requester sees a lapsed request."""
    if not user.unit_id:
        return []
    unit = bool(user.roles & APPLICANT_ROLES)
    cond = Q(requester_unit_id=user.unit_id, due__lt=today)
    if unit:
        cond |= Q(unit_id=user.unit_id)
    rows = InformationRequest.objects.filter(cond, stage="requested").select_related("project", "requester_unit")
    items = []
    for r in rows:
        if unit and r.unit_id == user.unit_id:
            items.append(
                todo_item(
                    today,
                    group="applicant",
                    title=r.project.name,
                    action=f"如实提供{r.requester_unit.short_name or r.requester_unit}要求的资料和情况",
                    due=r.due,
                    url=_page(r.project_id),
                    article="第十七条",
                    note=r.subject,
                )
            )
        if r.requester_unit_id == user.unit_id and selectors.information_request_lapsed(r, today):
            items.append(
                todo_item(
                    today,
                    group="office" if user.roles & OFFICE_ROLES else "supervision",
                    title=r.project.name,
                    action="逾期未提供资料和情况：催办或登记拒绝提供（第十七条）",
                    due=r.due,
                    url=_page(r.project_id),
                    article="第十七条",
                    note=r.subject,
                    project_id=r.project_id,
                    urge=f"请如实提供要求的资料和情况：{r.subject}（第十七条）",
                )
            )
    return items


def _firm(user, today) -> list[TodoItem]:
    """第十三条: the firm reports on the projects it supervises."""
    if not selectors.is_firm_staff(user):
        return []
    engagements = Supervision.objects.filter(firm_id=user.unit_id, stage="active").select_related("project")
    return [
        todo_item(
            today,
            group="supervision",
            title=s.project.name,
            action="报送监理报告",
            url=reverse("supervision:report_file", kwargs={"pk": s.pk}),
            article="第十三条",
        )
        for s in engagements
    ]


def todo_items(user) -> list[TodoItem]:
    today = clock.today()
    return _orders(user, today) + _requests(user, today) + _firm(user, today)
