"""What the expert library leaves waiting (egovpm.lifecycle.agenda; the cockpit asks this module): an expert's
invitations to answer by their deadline and the scoring sheets of the reviews they accepted; the Office's
profiles to verify. One query each."""

from __future__ import annotations

from django.urls import reverse

from egovpm.core import clock
from egovpm.lifecycle.agenda import TodoItem, todo_item
from egovpm.lifecycle.roles import OFFICE_ROLES, Role

from .models import Assignment, AssignmentStatus, ExpertProfile, ExpertStatus

GROUP = "invitation"


def todo_items(user) -> list[TodoItem]:
    today = clock.today()
    items: list[TodoItem] = []
    if user.has_role(Role.EXPERT):
        rows = Assignment.objects.filter(
            expert__user=user,
            draw__closed_at__isnull=True,
            status__in=(AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED),
            sheet__isnull=True,
        ).select_related("draw__project")
        for a in rows:
            invited = a.status == AssignmentStatus.INVITED
            items.append(
                todo_item(
                    today,
                    group=GROUP,
                    title=f"{a.draw.project.name}（{a.draw.get_kind_display()}）",
                    action="答复专家评审邀请（接受前声明回避情况）" if invited else "填写评审打分表",
                    url=reverse(
                        "experts:assignment_respond" if invited else "experts:score_sheet", kwargs={"pk": a.pk}
                    ),
                    article="第九条(三)" if a.draw.kind == "joint_review" else "第七条(二)",
                    due=a.respond_by if invited else None,
                )
            )
    if user.roles & OFFICE_ROLES:
        for p in ExpertProfile.objects.filter(status=ExpertStatus.ENROLLED).select_related("user"):
            items.append(
                todo_item(
                    today,
                    group="office",
                    title=f"专家 {p.user}",
                    action="核实专家信息（核实后方可被抽取）",
                    url=reverse("experts:expert_detail", kwargs={"pk": p.pk}),
                    article="第七条(二)",
                )
            )
    return items
