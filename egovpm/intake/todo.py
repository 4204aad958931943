"""What the general procedure (第七条) leaves waiting for each party, and the items of the special procedure
(egovpm.lifecycle.agenda; the cockpit asks this module; the filings and 第六条 have their own apps' todo).

Every declaration is read through intake.selectors.declarations_visible_to(user); every invitation
through the reviewer himself. Each role costs a fixed number of queries, whatever the number of items.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q
from django.urls import reverse

from egovpm.core import clock
from egovpm.documents.selectors import open_outline_findings
from egovpm.intake.models import Declaration, ReviewInvitation
from egovpm.intake.selectors import declarations_visible_to
from egovpm.intake.selectors_special import todo_items_special
from egovpm.lifecycle.agenda import NOTICE, TODO, WAITING, TodoItem, todo_item
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, REVIEWER_ROLES, Role
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.policy.domain import Policy, deadline_open
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import last_step_reasons
from egovpm.projects.selectors import extended_due_subquery

OUTLINE_NOTE = "上传的项目建议书或可行性研究报告对照编写要求有章节缺项，请核对（可说明理由接受缺项）。"
NOTICE_STAGES = ("not_arranged", "returned", "approved", "in_budget_library", "funded")
OFFICE_STAGES = ("submitted", "in_initial_review", "feasibility_submitted", "in_re_review")


def _detail(decl: Declaration) -> str:
    return reverse("intake:declaration_detail", kwargs={"pk": decl.pk})


def _visible(user):
    """The general procedure's declarations the user sees (the special procedure brings its own items: see
    todo_items below; the filings and 第六条 theirs, in their apps)."""
    return declarations_visible_to(user).filter(procedure="general").select_related("project", "unit", "plan_year")


def _applicant_items(user, policy: Policy, today: dt.date, cycle: int) -> list[TodoItem]:
    """第七条(一)(三): drafts to send on (also those the supervising department returned), and the
    feasibility materials after passing the initial review; outcomes of this and last plan year."""
    rows = list(
        _visible(user)
        .filter(unit_id=user.unit_id)
        .filter(
            Q(stage__in=("draft", "initially_passed"), plan_year__year__gte=cycle)
            | Q(stage__in=NOTICE_STAGES, plan_year__year__in=(cycle - 1, cycle))
        )
        .select_related("approval_opinion")
        .annotate(feasibility_extended=extended_due_subquery(Declaration, "intake.feasibility"))
    )
    drafts = [d for d in rows if d.stage == "draft"]
    refusals = last_step_reasons(Declaration, [d.pk for d in drafts], "refuse_consent") if drafts else {}
    items = []
    for d in rows:
        title = d.project.name
        if d.stage == "draft":
            send = DECLARATION.transition("submit_to_supervisor" if d.unit.parent_id else "submit")
            returned = refusals.get(d.pk)
            _, closed = deadline_open("intake.declaration", today, policy, plan_year=d.plan_year.year)
            items.append(
                todo_item(
                    today,
                    group="applicant",
                    title=title,
                    action=f"按主管部门意见修改后重新{send.label}"
                    if returned is not None
                    else f"完善申报材料并{send.label}",
                    note="\n".join(
                        n for n in (f"主管部门退回理由：{returned}" if returned is not None else "", closed) if n
                    ),
                    due=policy.intake.due("declaration", d.plan_year.year),
                    declaration=d,
                    url=_detail(d),
                    article=send.article,
                )
            )
        elif d.stage == "initially_passed":
            t = DECLARATION.transition("submit_feasibility")
            granted = {"intake.feasibility": d.feasibility_extended} if d.feasibility_extended else {}
            _, closed = deadline_open(
                "intake.feasibility", today, policy, plan_year=d.plan_year.year, extended_due=granted
            )
            items.append(
                todo_item(
                    today,
                    group="applicant",
                    title=title,
                    action=f"按初审意见编制可行性研究报告、资源预编目录和专家初步论证意见，{t.label}",
                    note="\n".join(n for n in (f"初审意见：{d.initial_opinion}", closed) if n),
                    due=d.feasibility_extended or policy.intake.due("feasibility", d.plan_year.year),
                    declaration=d,
                    url=_detail(d),
                    article=t.article,
                )
            )
        else:
            items.append(_notice(d, today))
    return items


def _notice(d: Declaration, today: dt.date) -> TodoItem:
    stage = DECLARATION.stage(d.stage)
    url, note = _detail(d), ""
    if d.stage == "not_arranged":
        note = f"不予安排的理由：{d.initial_opinion}"
    elif d.stage == "returned":
        note = f"退还理由：{d.return_reason}"
    else:
        opinion = getattr(d, "approval_opinion", None)
        if opinion is not None:
            url = reverse("intake:approval_opinion", kwargs={"pk": d.pk})
            note = f"书面意见 {opinion.number}，凭此随部门预算报送市财政局"
    return todo_item(
        today,
        group="notice",
        title=d.project.name,
        action=stage.applicant_label,
        note=note,
        declaration=d,
        url=url,
        article=stage.article,
        kind=NOTICE,
    )


def _supervisor_items(user, policy: Policy, today: dt.date) -> list[TodoItem]:
    """第七条(一): a unit with a supervising department needs its consent first."""
    t = DECLARATION.transition("consent")
    rows = _visible(user).filter(stage="awaiting_consent", unit__parent_id=user.unit_id)
    return [
        todo_item(
            today,
            group="supervisor",
            title=d.project.name,
            action=f"审核{d.unit.short_name or d.unit.name}的申报：{t.label}或退回修改",
            due=min(
                policy.intake.service_due("consent", clock.local_date(d.stage_changed_at)),
                policy.intake.due("declaration", d.plan_year.year),
            ),
            declaration=d,
            url=_detail(d),
            article=t.article,
        )
        for d in rows
    ]


def _office_items(user, policy: Policy, today: dt.date) -> list[TodoItem]:
    """第七条(二)(四): initial review, re-review and the plan sent to Finance."""
    pending = Q(invitations__submitted_at__isnull=True)
    rows = (
        _visible(user)
        .filter(stage__in=OFFICE_STAGES)
        .annotate(
            pending=Count("invitations", filter=pending),
            pending_due=Max("invitations__due_date", filter=pending),
            last_opinion=Max("invitations__submitted_at"),
            outline_open=open_outline_findings(Declaration),
        )
    )
    is_head = user.has_role(Role.OFFICE_HEAD)
    items = []
    for d in rows:
        common = {"group": "office", "title": d.project.name, "declaration": d, "url": _detail(d)}
        if d.outline_open:  # 附件2, 附件3: the Office judges the findings (accept with a reason, or ask for more)
            common["note"] = OUTLINE_NOTE
        year = d.plan_year.year
        if d.stage == "submitted":
            t = DECLARATION.transition("start_initial_review")
            due = policy.intake.service_due("initial_review_start", clock.local_date(d.stage_changed_at))
            items.append(
                todo_item(today, action=f"{t.label}并邀请财政、审计和专家", due=due, article=t.article, **common)
            )
        elif d.stage == "in_initial_review" and d.pending:
            items.append(
                todo_item(
                    today,
                    action=f"等待意见：尚有 {d.pending} 份初审意见未提交",
                    due=d.pending_due,
                    article="第七条(二)",
                    kind=WAITING,
                    **common,
                )
            )
        elif d.stage == "in_initial_review":
            passed, refused = DECLARATION.transition("pass_initial_review"), DECLARATION.transition("not_arrange")
            since = clock.local_date(d.last_opinion or d.stage_changed_at)
            items.append(
                todo_item(
                    today,
                    action=f"意见已齐，作出初审结论：{passed.label}（附书面调整意见或评价）或{refused.label}（说明理由）",
                    due=policy.intake.service_due("initial_review_conclusion", since),
                    article=passed.article,
                    **common,
                )
            )
        elif d.stage == "feasibility_submitted":
            t = DECLARATION.transition("start_re_review")
            items.append(
                todo_item(today, action=t.label, due=policy.intake.due("re_review", year), article=t.article, **common)
            )
        elif d.stage == "in_re_review":
            approve, ret = DECLARATION.transition("approve"), DECLARATION.transition("return_re_review")
            if is_head:
                action, kind = f"作出复核决定：{approve.label}，或{ret.label}", TODO
            else:
                # 第七条(四): the reviewer who started the re-review waits; the Office head decides.
                action, kind = f"等待办公室负责人决定：{approve.label}，或{ret.label}", WAITING
            items.append(
                todo_item(
                    today,
                    action=action,
                    due=policy.intake.due("re_review", year),
                    article=approve.article,
                    kind=kind,
                    **common,
                )
            )
    unsent = (
        _visible(user)
        .filter(stage="approved", sent_to_finance_at__isnull=True)
        .order_by()
        .values("plan_year__year")
        .annotate(n=Count("id"))
    )
    for row in unsent:
        year = row["plan_year__year"]
        items.append(
            todo_item(
                today,
                group="office",
                title=f"{year} 年度电子政务计划",
                action=f"向市财政局报送年度计划和预审合格项目清单（{row['n']} 个复核通过项目待报送）",
                url=reverse("intake:plan_detail", kwargs={"year": year}),
                article="第七条(四)",
            )
        )
    return items


def _invitation_items(user, today: dt.date) -> list[TodoItem]:
    """第七条(二): Finance, Audit and experts give their opinion in the initial review."""
    rows = ReviewInvitation.objects.filter(
        reviewer=user, submitted_at__isnull=True, declaration__stage="in_initial_review"
    ).select_related("declaration", "declaration__project", "declaration__unit", "declaration__plan_year")
    return [
        todo_item(
            today,
            group="invitation",
            title=inv.declaration.project.name,
            action=f"提交初审意见（{inv.get_party_display()}）",
            due=inv.due_date,
            declaration=inv.declaration,
            invitation=inv,
            url=reverse("intake:invitation_detail", kwargs={"pk": inv.pk}),
            article="第七条(二)",
        )
        for inv in rows
    ]


def _finance_items(user, policy: Policy, today: dt.date) -> list[TodoItem]:
    """第七条(五): Finance places the approved projects in the budget library and records the funds."""
    place, arrange = DECLARATION.transition("place_in_budget_library"), DECLARATION.transition("arrange_funds")
    rows = _visible(user).filter(Q(stage="approved", sent_to_finance_at__isnull=False) | Q(stage="in_budget_library"))
    items = []
    for d in rows:
        if d.stage == "approved":
            items.append(
                todo_item(
                    today,
                    group="finance",
                    title=d.project.name,
                    action=place.label,
                    due=policy.intake.service_due("budget_library", clock.local_date(d.sent_to_finance_at)),
                    declaration=d,
                    url=_detail(d),
                    article=place.article,
                )
            )
        else:
            items.append(
                todo_item(
                    today,
                    group="finance",
                    title=d.project.name,
                    action=arrange.label,
                    declaration=d,
                    url=reverse("intake:budget_arrange", kwargs={"pk": d.pk}),
                    article=arrange.article,
                )
            )
    return items


def todo_items(user) -> list[TodoItem]:
    """Everything intake leaves waiting for `user`, for every role they hold."""
    policy, today = get_policy(), clock.today()
    roles = user.roles
    items: list[TodoItem] = []
    if roles & APPLICANT_ROLES and user.unit_id:
        items += _applicant_items(user, policy, today, policy.intake.current_plan_year(today))
    if Role.SUPERVISOR_APPROVER in roles and user.unit_id:
        items += _supervisor_items(user, policy, today)
    if roles & OFFICE_ROLES:
        items += _office_items(user, policy, today)
    if roles & REVIEWER_ROLES:
        items += _invitation_items(user, today)
    if Role.FINANCE_REVIEWER in roles:
        items += _finance_items(user, policy, today)
    return items + todo_items_special(user)
