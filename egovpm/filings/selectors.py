"""Reads of 第十条 filings, always through what the user may see: the filing unit, its supervising
chain (第四条, as for declarations) and the Office, which sees every filing in one list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from egovpm.audit.labels import action_label
from egovpm.audit.selectors import audit_events_for
from egovpm.core import clock
from egovpm.filings.models import Filing
from egovpm.intake.models import PlanYear
from egovpm.intake.selectors import declaration_get, visible_unit_ids
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
