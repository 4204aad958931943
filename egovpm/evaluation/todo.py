"""What evaluation leaves waiting (egovpm.lifecycle.agenda; the cockpit asks this module): the evaluator's
assigned and scoring evaluations with their deadlines, the Office's submitted evaluations to conclude and
concurred drafts to put in force, Finance's and Audit's drafts to concur with (第二十九条). One query each."""

from __future__ import annotations

from django.urls import reverse

from egovpm.core import clock
from egovpm.lifecycle.agenda import TodoItem, todo_item
from egovpm.lifecycle.roles import ASSESSOR_ROLES, FINANCE_ROLES, OFFICE_ROLES

from .models import CriteriaVersion, Evaluation
from .workflow import AUDIT_ROLES

GROUP = "evaluation"


def _evaluation(today, e, action: str) -> TodoItem:
    return todo_item(
        today,
        group=GROUP,
        title=f"{e.project.name}（{e.get_kind_display()}）",
        action=action,
        url=reverse("evaluation:evaluation_detail", kwargs={"pk": e.pk}),
        article="第二十五条",
        due=e.due,
    )


def _drafts(today, party: str, action: str) -> list[TodoItem]:
    drafts = CriteriaVersion.objects.filter(stage="draft").exclude(concurrences__party=party)
    return [
        todo_item(
            today,
            group=GROUP,
            title=str(v),
            action=action,
            url=reverse("evaluation:criteria_detail", kwargs={"pk": v.pk}),
            article="第二十九条",
        )
        for v in drafts
    ]


def todo_items(user) -> list[TodoItem]:
    today = clock.today()
    items: list[TodoItem] = []
    rows = Evaluation.objects.select_related("project")
    if user.roles & (ASSESSOR_ROLES | OFFICE_ROLES) and user.unit_id:
        for e in rows.filter(evaluator_unit_id=user.unit_id, stage__in=("assigned", "scoring")):
            items.append(_evaluation(today, e, "开始评分" if e.stage == "assigned" else "逐项评分并报送评估意见"))
    if user.roles & OFFICE_ROLES:
        items += [_evaluation(today, e, "评价人员已报送：审阅并办结评估") for e in rows.filter(stage="submitted")]
    if user.roles & FINANCE_ROLES:
        items += _drafts(today, "finance", "会签效果评估标准和实施方案（第二十九条）")
    if user.roles & AUDIT_ROLES:
        items += _drafts(today, "audit", "会签效果评估标准和实施方案（第二十九条）")
    return items
