"""Reads of operations, always through what the user may see (the supervision app's rule: the Office,
Finance and Audit see every declared project, a unit its own and its subordinates', a 项目审批部门 the
projects it is named for). Whether a project passed completion acceptance is read ONLY from what the apps
contribute to the project (projects.engine.contributed_guard_values: the acceptance app's
`completion_accepted`)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from egovpm.construction.models import Construction
from egovpm.core import clock
from egovpm.intake.models import Declaration
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.policy.loader import get_policy
from egovpm.procurement.models import Procurement
from egovpm.projects.engine import available_actions, contributed_guard_values, may
from egovpm.projects.models import Project
from egovpm.projects.project_pages import project_pages
from egovpm.supervision import selectors as supervision_selectors

from . import domain
from .models import AuditFinding, FinalAudit, ModeRecord, Operation, OperationIncident
from .workflow import AUDIT_ROLES

# Who opens the operations pages; projects_visible_to narrows what each one sees.
VIEWER_ROLES = OFFICE_ROLES | APPLICANT_ROLES | AUDIT_ROLES | {Role.SUPERVISOR_APPROVER, Role.FINANCE_REVIEWER}
COMPLETED = "construction_completed"


def projects_visible_to(user) -> QuerySet[Project]:
    """Supervision's visibility, without the supervision firm's staff (no operations page is theirs)."""
    if not user.is_authenticated or not user.roles & VIEWER_ROLES:
        return Project.objects.none()
    return supervision_selectors.projects_visible_to(user)


def project_get(user, pk: int) -> Project | None:
    """The project if this user may see its operations, else None (the view answers 404)."""
    return projects_visible_to(user).select_related("unit", "unit__parent").filter(pk=pk).first()


def _record_get(model, user, pk: int):
    found = model.objects.select_related("project", "project__unit").filter(pk=pk).first()
    return found if found and project_get(user, found.project_id) else None


def operation_get(user, pk: int) -> Operation | None:
    return _record_get(Operation, user, pk)


def final_audit_get(user, pk: int) -> FinalAudit | None:
    return _record_get(FinalAudit, user, pk)


def incident_get(user, pk: int) -> OperationIncident | None:
    return _record_get(OperationIncident, user, pk)


def audit_finding_get(user, pk: int) -> AuditFinding | None:
    return _record_get(AuditFinding, user, pk)


# 第二十一条: what completion acceptance decides ------------------------------------------------------------


def is_accepted(project: Project) -> bool:
    return domain.accepted(contributed_guard_values(project))


def built_on_platform(project: Project) -> bool:
    """A project whose construction the platform records (legacy systems are not held back)."""
    return Construction.objects.filter(project=project).exists()


def in_operation(project: Project) -> bool:
    return Operation.objects.filter(project=project, stage="in_operation").exists()


def maintenance_funds_problem(project: Project, nature: str) -> str:
    """第二十一条, 第二十四条: why O&M funds may not be declared or arranged for `project` ("" when they may).
    No query unless `nature` is one of the policy's maintenance natures."""
    if nature not in get_policy().intake.maintenance_natures:
        return ""
    built = built_on_platform(project)
    return domain.maintenance_funds_problem(
        maintenance=True,
        built_on_platform=built,
        accepted=built and is_accepted(project),
        in_operation=built and in_operation(project),
    )


def government_procurements(project: Project) -> QuerySet[Procurement]:
    """第二十三条 应进行政府采购: the project's procurements under the government procurement law."""
    return Procurement.objects.filter(project=project).exclude(method=domain.NON_GOVERNMENT).order_by("-procured_on")


# Lists ---------------------------------------------------------------------------------------------------


def operation_list(user, *, stage: str = "", mode: str = "", q: str = "") -> QuerySet[Operation]:
    """The operations the user may see, with this year's and the still unresolved incidents: a fixed number
    of queries."""
    year = clock.today().year
    qs = (
        Operation.objects.filter(project__in=projects_visible_to(user))
        .select_related("project", "unit", "procurement")
        .annotate(
            incidents_this_year=Count("incidents", filter=Q(incidents__occurred_at__year=year), distinct=True),
            unresolved_incidents=Count("incidents", filter=Q(incidents__resolved_at__isnull=True), distinct=True),
        )
        .order_by("project__code", "id")
    )
    if stage:
        qs = qs.filter(stage=stage)
    if mode:
        qs = qs.filter(mode=mode)
    if q:
        qs = qs.filter(Q(project__name__icontains=q) | Q(project__code__icontains=q))
    return qs


def awaiting_projects(user) -> list[Project]:
    """Projects built on the platform whose construction is complete and that passed completion acceptance
    but have no operation record yet (the unit's to-do, 第二十二条)."""
    candidates = (
        projects_visible_to(user)
        .filter(construction__stage=COMPLETED, operation__isnull=True)
        .select_related("unit")
        .order_by("code")
    )
    return [p for p in candidates if is_accepted(p)]


def final_audit_list(user, *, stage: str = "") -> QuerySet[FinalAudit]:
    qs = (
        FinalAudit.objects.filter(project__in=projects_visible_to(user))
        .select_related("project", "unit", "opened_by")
        .annotate(finding_count=Count("findings"))
        .order_by("-opened_at", "-id")
    )
    return qs.filter(stage=stage) if stage else qs


def incidents_of(project: Project, year: int | None = None) -> QuerySet[OperationIncident]:
    """The project's incidents in operation, of one calendar year (Asia/Shanghai) when given: what the
    in-use evaluation and accountability read."""
    qs = OperationIncident.objects.filter(project=project).select_related("recorded_by")
    return qs.filter(occurred_at__year=year) if year else qs


def maintenance_declarations(project: Project) -> QuerySet[Declaration]:
    """第二十四条: the project's O&M declarations of the annual plan, newest plan year first."""
    return (
        Declaration.objects.filter(project=project, nature__in=get_policy().intake.maintenance_natures)
        .select_related("plan_year")
        .order_by("-plan_year__year", "-id")
    )


# The page of one project ---------------------------------------------------------------------------------


def _mark(user, record, *activities: str):
    record.actions = available_actions(user=user, obj=record)
    record.can = {a: may(user, record, a) for a in activities}
    return record


def project_page_context(user, project: Project) -> dict:
    accepted = is_accepted(project)
    operation = Operation.objects.filter(project=project).select_related("procurement").first()
    if operation is not None:
        _mark(
            user,
            operation,
            "record_preparation",
            "set_mode",
            "record_incident",
            "resolve_incident",
            "declare_maintenance",
        )
    modes = (
        list(ModeRecord.objects.filter(operation=operation).select_related("procurement", "recorded_by"))
        if operation
        else []
    )
    audit = FinalAudit.objects.filter(project=project).select_related("opened_by").first()
    if audit is not None:
        _mark(user, audit, "record_audit_finding")
    construction = Construction.objects.filter(project=project).only("stage", "completed_on").first()
    return {
        "project": project,
        "project_pages": project_pages(user, project, current="operations"),
        "accepted": accepted,
        "construction": construction,
        "operation": operation,
        "rules": list(operation.documents.filter(kind="management_rules")) if operation else [],
        "mode_records": modes,
        "incidents": list(incidents_of(project)),
        "final_audit": audit,
        "findings": list(audit.findings.prefetch_related("documents").select_related("recorded_by")) if audit else [],
        "declarations": list(maintenance_declarations(project)),
        "is_unit": bool(user.unit_id == project.unit_id and user.roles & APPLICANT_ROLES),
        "is_audit": bool(user.roles & AUDIT_ROLES),
        "not_accepted_operation": domain.NOT_ACCEPTED_OPERATION,
        "not_accepted_audit": domain.NOT_ACCEPTED_AUDIT,
    }


def overview() -> dict:
    """The counts of the cockpit (第二十一条 to 第二十四条), each linked to its list: two queries."""

    def count(**condition):
        return Count("id", filter=Q(**condition), distinct=True)

    running = {f"mode_{code}": count(stage="in_operation", mode=code) for code, _ in domain.MODES}
    counts = Operation.objects.aggregate(
        awaiting_operation=count(stage="awaiting_operation"),
        in_operation=count(stage="in_operation"),
        retired=count(stage="retired"),
        unresolved_incidents=Count("incidents", filter=Q(incidents__resolved_at__isnull=True), distinct=True),
        **running,
    )
    return {
        **{key: counts[key] for key in ("awaiting_operation", "in_operation", "retired", "unresolved_incidents")},
        "modes": [(label, counts[f"mode_{code}"]) for code, label in domain.MODES],
        "open_final_audits": FinalAudit.objects.filter(stage="open").count(),
    }
