"""What acceptance leaves waiting (egovpm.lifecycle.agenda; the cockpit asks this module): the unit's six
months to initial acceptance and the application (第二十条), with the reminder before and the overdue mark
after; its re-application after a failure; a delegated unit's completion acceptance (第十九条); the Office's
groups, conclusions, filings (第二十一条) and extension requests; the group members' acceptances (附件4 七).
An overdue project is on the unit's and the Office's lists. A fixed number of queries per user."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from egovpm.core import clock
from egovpm.lifecycle.agenda import TodoItem, todo_item
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES
from egovpm.policy.loader import get_policy

from . import domain, selectors
from .models import Acceptance, AcceptanceExtension, GroupMember

ORGANISING = ("completion_applied", "in_completion_acceptance")


def _page(pk: int) -> str:
    return reverse("acceptance:detail", kwargs={"pk": pk})


def _unit_items(a: Acceptance, clock_: dict, today) -> list[TodoItem]:
    items = []
    if a.stage == "initial_acceptance":
        state = clock_["state"]
        if state == "overdue":
            action = "已逾期：请提交竣工验收申请，或提出延期验收申请（第二十条）"
        elif state == "due_soon":
            action = f"即将到期（剩 {clock_['days_left']} 天）：完成信息安全风险评估和初步验收并提交竣工验收申请"
        else:
            action = "完成信息安全风险评估和初步验收，并提交竣工验收申请"
        items.append(
            todo_item(
                today,
                group="applicant",
                title=a.project.name,
                action=action,
                due=clock_["due"],
                url=_page(a.pk),
                article="第二十条",
            )
        )
    elif a.stage == domain.FAILED:
        items.append(
            todo_item(
                today,
                group="applicant",
                title=a.project.name,
                action="竣工验收未通过：按要求整改后重新提交竣工验收申请（第二十一条）",
                url=_page(a.pk),
                article="第二十一条",
            )
        )
    elif a.delegated and a.stage in ORGANISING:
        items.append(
            todo_item(
                today,
                group="applicant",
                title=a.project.name,
                action="受委托组织竣工验收：组织检查并作出验收结论（第十九条）",
                url=_page(a.pk),
                article="第十九条",
            )
        )
    return items


def _office_items(a: Acceptance, clock_: dict, today) -> list[TodoItem]:
    def item(action: str, article: str, due=None) -> TodoItem:
        return todo_item(
            today, group="office", title=a.project.name, action=action, due=due, url=_page(a.pk), article=article
        )

    if a.stage == "initial_acceptance" and clock_["state"] == "overdue":
        return [item("逾期未提出竣工验收申请（第二十条）", "第二十条", clock_["due"])]
    if not a.delegated and a.stage == "completion_applied":
        return [item("组建竣工验收组并组织竣工验收", "附件4 七")]
    if not a.delegated and a.stage == "in_completion_acceptance":
        return [item("逐项检查验收任务和验收条件，作出验收结论", "附件4 七")]
    if a.stage == "accepted":
        return [item("竣工验收报告备案", "第二十一条")]
    return []


def todo_items(user) -> list[TodoItem]:
    today = clock.today()
    office = bool(user.roles & OFFICE_ROLES)
    unit = bool(user.roles & APPLICANT_ROLES and user.unit_id)
    items: list[TodoItem] = []
    if office or unit:
        cond = Q(pk__in=[])
        if unit:
            cond |= Q(unit_id=user.unit_id) & ~Q(stage__in=domain.ACCEPTED_STAGES)
        if office:
            cond |= ~Q(stage="filed")
        remind = get_policy().acceptance.remind_days_before
        for a in selectors.with_due(Acceptance.objects.filter(cond).select_related("project")):
            due = selectors.due_in_force(a)
            state = domain.clock_state(stage=a.stage, due=due, today=today, remind_days=remind)
            clock_ = {"due": due, "days_left": domain.days_left(due, today), "state": state}
            if unit and a.unit_id == user.unit_id:
                items += _unit_items(a, clock_, today)
            if office:
                items += _office_items(a, clock_, today)
    if office:
        for e in AcceptanceExtension.objects.filter(stage="requested").select_related("project"):
            items.append(
                todo_item(
                    today,
                    group="office",
                    title=e.project.name,
                    action=f"审批延期验收申请（申请延期至 {e.requested_due:%Y-%m-%d}）",
                    url=_page(e.acceptance_id),
                    article="第二十条",
                    note=e.reason,
                )
            )
    memberships = GroupMember.objects.filter(
        user_id=user.pk, round__acceptance__stage__in=ORGANISING, round__outcome=""
    ).select_related("round__acceptance__project")
    for m in memberships:
        a = m.round.acceptance
        items.append(
            todo_item(
                today,
                group="acceptance",
                title=a.project.name,
                action=f"参加竣工验收（{m.get_kind_display()}{'·' + m.duty if m.duty else ''}）",
                url=_page(a.pk),
                article="附件4 七",
            )
        )
    return items
