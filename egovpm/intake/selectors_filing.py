"""Reads of 第十条 filings, always through what the user may see: the filing unit, its supervising
chain (第四条, as for declarations) and the Office, which sees every filing in one list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.urls import reverse

from egovpm.audit.labels import action_label
from egovpm.audit.selectors import audit_events_for
from egovpm.core import clock
from egovpm.intake.models import Filing, PlanYear
from egovpm.intake.selectors import declaration_get, visible_unit_ids
from egovpm.lifecycle.agenda import NOTICE, WAITING, TodoItem
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.lifecycle.workflows import FILING
from egovpm.policy.domain import deadline_open
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import available_actions

# Who opens the filing pages; the selectors narrow what each one sees.
FILING_ROLES = APPLICANT_ROLES | OFFICE_ROLES | {Role.SUPERVISOR_APPROVER}
REQUEST, ANSWER = "filing.request_filing_info", "filing.supply_filing_info"
# Audit actions of a filing that the shared labels do not name.
ACTION_LABELS = {"filing.create": "报送备案（抄送办公室）"}
# The Office reads new filings as notices for this many days.
NOTICE_DAYS = 30


def filings_visible_to(user) -> QuerySet[Filing]:
    qs = Filing.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.roles & OFFICE_ROLES:
        return qs
    if user.unit_id and user.roles & (APPLICANT_ROLES | {Role.SUPERVISOR_APPROVER}):
        return qs.filter(unit_id__in=visible_unit_ids(user))
    return qs.none()


def filing_list(
    user, *, kind: str = "", stage: str = "", unit_id: int | None = None, matching: bool | None = None, q: str = ""
) -> QuerySet[Filing]:
    qs = filings_visible_to(user).select_related("project", "unit", "routed_declaration__plan_year")
    if kind:
        qs = qs.filter(kind=kind)
    if stage:
        qs = qs.filter(stage=stage)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if matching is not None:
        qs = qs.filter(needs_matching_funds=matching)
    if q:
        qs = qs.filter(Q(project__name__icontains=q) | Q(project__code__icontains=q))
    return qs.order_by("-filed_at", "-id")


def filing_get(user, pk: int) -> Filing | None:
    """The filing if this user may see it, else None (the view answers 404)."""
    return (
        filings_visible_to(user)
        .select_related("project", "unit", "unit__parent", "filed_by", "routed_declaration__plan_year")
        .filter(pk=pk)
        .first()
    )


def can_file(user) -> bool:
    return user.unit_id is not None and bool(user.roles & APPLICANT_ROLES)


def filing_actions(user, filing: Filing) -> list:
    """The buttons of the filing page. Routing applies only to a project that needs matching funds."""
    return [
        a
        for a in available_actions(user=user, obj=filing)
        if a.transition.action != "route_filing" or filing.needs_matching_funds
    ]


def info_exchanges(events) -> list[dict]:
    """The Office's requests for more information and the unit's answers, paired in order."""
    rows: list[dict] = []
    for event in events:
        if event.action == REQUEST:
            rows.append({"request": event, "answer": None})
        elif event.action == ANSWER and rows and rows[-1]["answer"] is None:
            rows[-1]["answer"] = event
    return rows


def filing_page_context(user, filing: Filing) -> dict:
    """Everything the filing page shows, in a fixed number of queries."""
    events = list(audit_events_for(filing).select_related("actor"))
    routed = filing.routed_declaration
    return {
        "filing": filing,
        "documents": list(filing.documents.select_related("uploaded_by").order_by("kind", "-version")),
        "exchanges": info_exchanges(events),
        "history": [(e, ACTION_LABELS.get(e.action) or action_label(e.action)) for e in events],
        "actions": filing_actions(user, filing),
        "workflow": FILING,
        "is_unit": user.unit_id == filing.unit_id,
        "routed_visible": routed is not None and declaration_get(user, routed.pk) is not None,
        "can_upload": user.unit_id == filing.unit_id
        and bool(user.roles & APPLICANT_ROLES)
        and filing.stage in ("filed", "info_requested"),
    }


def last_question(filing: Filing):
    """The Office's latest request for information on the filing (an audit event), or None."""
    return audit_events_for(filing).filter(action=REQUEST).last()


def route_windows(today: dt.date | None = None) -> list[dict]:
    """The plan years a filing may be routed into, newest first, each with whether the general
    procedure is still open (第七条(一)) and, if not, why; the special procedure stays open."""
    today = today or clock.today()
    policy = get_policy()
    rows = []
    for py in PlanYear.objects.order_by("-year"):
        open_, why = deadline_open("intake.declaration", today, policy, plan_year=py.year)
        rows.append({"plan_year": py, "general_open": open_, "closed_reason": why})
    return rows


# -- cockpit ---------------------------------------------------------------------------------------


def todo_items_filing(user) -> list:
    """第十条 in the cockpit. The unit: answer the Office's requests, route projects that need matching
    funds. The Office: the requests it waits on, and the filings of the last 30 days to read."""
    from egovpm.audit.models import AuditEvent

    if not user.is_authenticated:
        return []
    is_office = bool(user.roles & OFFICE_ROLES)
    is_unit = user.unit_id is not None and bool(user.roles & APPLICANT_ROLES)
    recent = clock.now() - dt.timedelta(days=NOTICE_DAYS)
    cond = Q(pk__in=[])
    if is_unit:
        cond |= Q(unit_id=user.unit_id, stage="info_requested")
        cond |= Q(unit_id=user.unit_id, stage="filed", needs_matching_funds=True)
    if is_office:
        cond |= Q(stage="info_requested") | Q(stage__in=("filed", "routed"), filed_at__gte=recent)
    rows = list(filings_visible_to(user).filter(cond).select_related("project", "unit").order_by("-filed_at", "-id"))
    questions: dict[str, str] = {}
    asked = [f for f in rows if f.stage == "info_requested"]
    if asked:
        for event in AuditEvent.objects.filter(
            object_type=Filing._meta.label_lower, object_id__in=[str(f.pk) for f in asked], action=REQUEST
        ).order_by("seq"):
            questions[event.object_id] = event.reason  # the latest request wins
    items = []
    for f in rows:
        url = reverse("intake:filing_detail", kwargs={"pk": f.pk})
        unit = f.unit.short_name or f.unit.name
        question = questions.get(str(f.pk), "")
        mine = is_unit and f.unit_id == user.unit_id
        if f.stage == "info_requested" and mine:
            t = FILING.transition("supply_filing_info")
            items.append(
                TodoItem(
                    group="applicant",
                    title=f.project.name,
                    action=f"按办公室要求{t.label}（备案）",
                    note=f"办公室要求补充的情况：{question}",
                    url=url,
                    article=t.article,
                )
            )
        elif f.stage == "filed" and mine and f.needs_matching_funds:
            t = FILING.transition("route_filing")
            items.append(
                TodoItem(
                    group="applicant",
                    title=f.project.name,
                    action=t.label,
                    note=f"需市财政配套 {f.matching_amount:.2f} 万元：须按一般申报程序或特殊申报程序向办公室申报。",
                    url=reverse("intake:filing_route", kwargs={"pk": f.pk}),
                    article=t.article,
                )
            )
        elif f.stage == "info_requested" and is_office:
            items.append(
                TodoItem(
                    group="office",
                    title=f.project.name,
                    action=f"等待{unit}补充备案情况",
                    note=f"已要求补充：{question}",
                    url=url,
                    article="第十条",
                    kind=WAITING,
                )
            )
        elif is_office and f.stage != "info_requested":
            items.append(
                TodoItem(
                    group="notice",
                    title=f.project.name,
                    action=f"{unit}报送备案（{f.get_kind_display()}）",
                    note=f"{f.filed_at.astimezone(clock.TZ):%Y-%m-%d} 备案"
                    + (
                        f"，需市财政配套 {f.matching_amount:.2f} 万元" if f.needs_matching_funds else "，无需市财政配套"
                    ),
                    url=url,
                    article="第十条",
                    kind=NOTICE,
                )
            )
    return items
