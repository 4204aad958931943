"""Reads of supervision, always through what the user may see: the Office, Finance and Audit see every
project; a unit its own and its subordinates' (第四条); a 项目审批部门 named for a project that project; a
supervision firm's staff ONLY the projects their firm supervises now (第十三条)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from egovpm.core import clock
from egovpm.filings.selectors import filings_visible_to
from egovpm.intake.selectors import declarations_visible_to
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, SUPERVISION_FIRM_ROLES, Role
from egovpm.official.selectors import issued_for_each
from egovpm.orgs.models import Unit, UnitKind
from egovpm.policy import domain as policy_domain
from egovpm.projects.engine import available_actions, may
from egovpm.projects.models import Participant, Project, Restriction
from egovpm.projects.project_pages import project_pages
from egovpm.projects.selectors import extended_due, extended_due_subquery
from egovpm.projects.unit_records import UnitRecord

from . import domain
from .models import (
    Finding,
    FirmQualification,
    InformationRequest,
    Inspection,
    Rectification,
    Sanction,
    Supervision,
    SupervisionReport,
)

# Who opens the supervision pages; projects_visible_to narrows what each one sees.
VIEWER_ROLES = (
    OFFICE_ROLES
    | APPLICANT_ROLES
    | SUPERVISION_FIRM_ROLES
    | {
        Role.SUPERVISOR_APPROVER,
        Role.FINANCE_REVIEWER,
        Role.AUDIT_REVIEWER,
    }
)
OVERSIGHT_ROLES = OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}
RECTIFICATION_KEY = "supervision.rectification"
INFORMATION_KEY = "supervision.information_request"


def _active_participant(role: str, unit_id) -> Exists:
    return Exists(Participant.objects.filter(project=OuterRef("pk"), role=role, unit_id=unit_id, ended_at__isnull=True))


def projects_visible_to(user) -> QuerySet[Project]:
    """The projects whose declarations or filings the user sees (intake's rules: nothing of a draft reaches
    the Office), those it is the named 项目审批部门 of, and for a firm's staff those its firm supervises."""
    qs = Project.objects.all()
    if not user.is_authenticated:
        return qs.none()
    cond = Q(pk__in=declarations_visible_to(user).values("project_id"))
    cond |= Q(pk__in=filings_visible_to(user).values("project_id"))
    if user.unit_id:
        cond |= _active_participant(Participant.Role.APPROVING_DEPARTMENT, user.unit_id)
    if user.unit_id and user.roles & SUPERVISION_FIRM_ROLES:
        cond |= _active_participant(Participant.Role.SUPERVISION_FIRM, user.unit_id)
    return qs.filter(cond)


def project_get(user, pk: int) -> Project | None:
    """The project if this user may see its supervision, else None (the view answers 404)."""
    return projects_visible_to(user).select_related("unit", "unit__parent").filter(pk=pk).first()


def is_firm_staff(user) -> bool:
    return bool(user.unit_id and user.roles & SUPERVISION_FIRM_ROLES)


def _overdue_orders() -> Coalesce:
    """To annotate projects (no query of its own): how many of each project's orders are still owed past
    the deadline in force, the Office's latest extension else the order's date (第十八条)."""
    overdue = (
        with_due(Rectification.objects.filter(project=OuterRef("pk"), stage__in=domain.OWED_STAGES))
        .annotate(due_in_force=Coalesce("extended_due", "due"))
        .filter(due_in_force__lt=clock.today())
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), 0)


def project_list(user, *, q: str = "", restricted: bool = False) -> QuerySet[Project]:
    """The projects of the supervision list with what each one needs at a glance, in a fixed number of
    queries: the firm, open and overdue orders, active restrictions."""
    qs = (
        projects_visible_to(user)
        .select_related("unit")
        .annotate(
            open_orders=Count("rectifications", filter=~Q(rectifications__stage=domain.ACCEPTED), distinct=True),
            overdue_orders=_overdue_orders(),
            open_requests=Count(
                "information_requests", filter=Q(information_requests__stage="requested"), distinct=True
            ),
        )
        .prefetch_related(
            Prefetch(
                "restrictions",
                queryset=Restriction.objects.filter(lifted_at__isnull=True),
                to_attr="active_restrictions",
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.filter(
                    role=Participant.Role.SUPERVISION_FIRM, ended_at__isnull=True
                ).select_related("unit"),
                to_attr="firms",
            ),
        )
        .order_by("-created_at", "-id")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if restricted:
        qs = qs.filter(restrictions__lifted_at__isnull=True).distinct()
    return qs


# 第十三条: the firm's qualification ---------------------------------------------------------------------


def qualification_periods(firm_ids) -> dict[int, list[tuple[dt.date, dt.date]]]:
    periods: dict[int, list[tuple[dt.date, dt.date]]] = {firm_id: [] for firm_id in firm_ids}
    for firm_id, start, until in FirmQualification.objects.filter(firm_id__in=list(firm_ids)).values_list(
        "firm_id", "valid_from", "valid_until"
    ):
        periods[firm_id].append((start, until))
    return periods


def project_guard_values(project: Project) -> dict[str, bool]:
    """The guards supervision contributes to the project (projects.engine.register_guard_values): read by
    construction's start (第十三条) and completion (第十八条)."""
    firm_ids = Participant.objects.filter(
        project=project, role=Participant.Role.SUPERVISION_FIRM, ended_at__isnull=True
    ).values_list("unit_id", flat=True)
    stages = Rectification.objects.filter(project=project).values_list("stage", flat=True)
    return {
        domain.FIRM_QUALIFIED: domain.firm_qualified(qualification_periods(firm_ids), clock.today()),
        domain.NO_OPEN_RECTIFICATION: domain.no_open_rectification(stages),
    }


def firms() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.SUPERVISION_FIRM, is_active=True).order_by("code")


def firm_list() -> list[dict]:
    """Every supervision firm with its qualifications and whether one is valid today."""
    today = clock.today()
    rows = []
    for firm in firms().prefetch_related("firm_qualifications"):
        quals = list(firm.firm_qualifications.all())
        rows.append(
            {
                "firm": firm,
                "qualifications": quals,
                "valid": domain.qualification_valid(((q.valid_from, q.valid_until) for q in quals), today),
            }
        )
    return rows


# Deadlines -----------------------------------------------------------------------------------------------


def rectification_due(order: Rectification) -> dt.date:
    """The deadline in force of an order: the Office's latest extension, else the date the order set."""
    if hasattr(order, "extended_due"):  # annotated by with_due: no query of its own
        extended = order.extended_due
    else:
        extended = extended_due(order).get(RECTIFICATION_KEY)
    return policy_domain.effective_due(order.due, extended)


def with_due(qs: QuerySet[Rectification]) -> QuerySet[Rectification]:
    return qs.annotate(extended_due=extended_due_subquery(Rectification, RECTIFICATION_KEY))


def information_request_lapsed(request: InformationRequest, today: dt.date) -> bool:
    """第十七条: still not provided and past its date."""
    return request.stage == "requested" and policy_domain.is_past(request.due, today)


def answered_late(request: InformationRequest) -> bool:
    return request.answered_at is not None and clock.local_date(request.answered_at) > request.due


# The page of one project ---------------------------------------------------------------------------------


def _mark(user, records, activity: str = "") -> list:
    """Each record with the engine's transitions for this user (`actions`) and whether the user may do the
    workflow's page-only `activity` now (`can`)."""
    for record in records:
        record.actions = available_actions(user=user, obj=record)
        record.can = bool(activity) and may(user, record, activity)[0]
    return records


def project_page_context(user, project: Project) -> dict:
    """Everything supervision holds on one project, with the engine's actions on each record."""
    today = clock.today()
    supervisions = list(
        Supervision.objects.filter(project=project)
        .select_related("firm", "participant")
        .prefetch_related("documents", "firm__firm_qualifications")
    )
    for s in supervisions:
        quals = list(s.firm.firm_qualifications.all())
        s.qualified = domain.qualification_valid(((q.valid_from, q.valid_until) for q in quals), today)
        s.qualifications = quals
    reports = list(
        SupervisionReport.objects.filter(project=project)
        .select_related("supervision__firm", "filed_by")
        .prefetch_related("documents")
    )
    requests = list(
        InformationRequest.objects.filter(project=project)
        .select_related("requester_unit", "requested_by")
        .prefetch_related("documents")
    )
    for r in requests:
        r.lapsed = information_request_lapsed(r, today)
        r.late = answered_late(r)
    inspections = list(
        Inspection.objects.filter(project=project)
        .select_related("opened_by")
        .prefetch_related(
            "documents",
            Prefetch(
                "findings__rectification",
                queryset=with_due(Rectification.objects.all()).prefetch_related("documents", "sanctions"),
            ),
            "findings__documents",
        )
    )
    orders = []
    for inspection in inspections:
        for finding in inspection.findings.all():
            order = getattr(finding, "rectification", None)
            if order is not None:
                order.due_in_force = rectification_due(order)
                order.overdue = domain.rectification_overdue(order.stage, order.due_in_force, today)
                orders.append(order)
    notices = issued_for_each(orders, "rectification_order")
    for order in orders:
        order.notice = notices.get(order.pk)
    sanctions = list(
        Sanction.objects.filter(project=project).select_related("restriction", "decided_by", "restriction__lifted_by")
    )
    restrictions = list(project.restrictions.select_related("placed_by", "lifted_by"))
    return {
        "project": project,
        "project_pages": project_pages(user, project, current="supervision"),
        "today": today,
        "supervisions": _mark(user, supervisions, "file_report"),
        "reports": reports,
        "requests": _mark(user, requests),
        "inspections": _mark(user, inspections, "record_finding"),
        "orders": _mark(user, orders, "apply_sanction"),
        "sanctions": sanctions,
        "restrictions": restrictions,
        "active_restrictions": [r for r in restrictions if r.active],
        "guards": project_guard_values(project),
    }


def firm_workspace(user) -> list[dict]:
    """The supervision firm's own projects (第十三条), each with its engagement and latest report."""
    if not is_firm_staff(user):
        return []
    supervisions = (
        Supervision.objects.filter(firm_id=user.unit_id, participant__ended_at__isnull=True)
        .select_related("project", "project__unit")
        .annotate(report_count=Count("reports"))
        .order_by("project__code")
    )
    return list(supervisions)


def supervision_get(user, pk: int) -> Supervision | None:
    found = Supervision.objects.select_related("project", "firm").filter(pk=pk).first()
    return found if found and project_get(user, found.project_id) else None


def _record_get(model, user, pk: int):
    found = model.objects.select_related("project").filter(pk=pk).first()
    return found if found and project_get(user, found.project_id) else None


def information_request_get(user, pk: int) -> InformationRequest | None:
    return _record_get(InformationRequest, user, pk)


def inspection_get(user, pk: int) -> Inspection | None:
    return _record_get(Inspection, user, pk)


def rectification_get(user, pk: int) -> Rectification | None:
    return _record_get(Rectification, user, pk)


def report_get(user, pk: int) -> SupervisionReport | None:
    return _record_get(SupervisionReport, user, pk)


def finding_get(user, pk: int) -> Finding | None:
    return _record_get(Finding, user, pk)


def criticisms_of(unit_ids) -> list[Sanction]:
    """第十八条 通报批评 against these units, newest first."""
    return list(
        Sanction.objects.filter(unit_id__in=list(unit_ids), kind=Sanction.Kind.CRITICISM).select_related("project")
    )


def criticism_records(unit_ids) -> list[UnitRecord]:
    """The criticisms as the unit's record shown where its declarations are judged (projects.unit_records)."""
    return [
        UnitRecord(
            unit_id=s.unit_id,
            date=clock.local_date(s.decided_at),
            label=s.get_kind_display(),
            article="第十八条",
            text=s.reason,
            project=s.project.name,
        )
        for s in criticisms_of(unit_ids)
    ]


def overview() -> dict:
    """The Office's counts in the cockpit (第十三条–第十八条), each linked to the supervision list."""
    today = clock.today()
    orders = with_due(Rectification.objects.exclude(stage=domain.ACCEPTED))
    overdue = sum(domain.rectification_overdue(o.stage, rectification_due(o), today) for o in orders)
    restrictions = Restriction.objects.filter(lifted_at__isnull=True).values("kind").annotate(n=Count("id"))
    return {
        "open_inspections": Inspection.objects.filter(stage="open").count(),
        "open_orders": len(orders),
        "overdue_orders": overdue,
        "lapsed_requests": InformationRequest.objects.filter(stage="requested", due__lt=today).count(),
        "restrictions": {row["kind"]: row["n"] for row in restrictions},
        "unqualified_firms": sum(not row["valid"] for row in firm_list()),
    }
