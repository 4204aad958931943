"""Reading accountability (第三十条): who sees which violations, the facts the detectors read, the unit's
record. Queries only."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from egovpm.catalog.models import ResourceCatalogEntry
from egovpm.construction.models import Adjustment, AdjustmentStatus, Construction, DesignChange
from egovpm.core import clock
from egovpm.filings.selectors import filings_visible_to
from egovpm.intake.models import Declaration
from egovpm.intake.selectors import declarations_visible_to
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, SUPERVISOR_ROLES, Role
from egovpm.operations.domain import OUTSOURCED
from egovpm.operations.models import Operation
from egovpm.orgs.models import Unit
from egovpm.procurement.domain import NON_GOVERNMENT
from egovpm.procurement.models import Payment, Procurement
from egovpm.projects.engine import contributed_guard_values
from egovpm.projects.models import Project
from egovpm.projects.unit_records import UnitRecord

from . import domain
from .models import Classification, Measure, SecrecyGuidance, Violation

# The Office and Audit see every violation; a unit its own; a supervising department its units'.
ALL_SEEING = OFFICE_ROLES | {Role.AUDIT_REVIEWER}
VIEWER_ROLES = ALL_SEEING | APPLICANT_ROLES | SUPERVISOR_ROLES


def projects_for(user) -> QuerySet[Project]:
    """The projects the Office may record a violation or a classification against: those it sees — a
    declaration that reached it, or a filing — never a unit's draft (第七条(一))."""
    seen = Q(pk__in=declarations_visible_to(user).values("project_id")) | Q(
        pk__in=filings_visible_to(user).values("project_id")
    )
    return Project.objects.filter(seen).order_by("code")


def violations_visible_to(user) -> QuerySet[Violation]:
    qs = Violation.objects.select_related("project", "unit")
    if not user.is_authenticated:
        return qs.none()
    if user.roles & ALL_SEEING:
        return qs
    cond = Q(pk__in=[])
    if user.unit_id and user.roles & APPLICANT_ROLES:
        cond |= Q(unit_id=user.unit_id)
    if user.unit_id and user.roles & SUPERVISOR_ROLES:
        cond |= Q(unit_id=user.unit_id) | Q(unit__parent_id=user.unit_id)
    return qs.filter(cond)


def violation_get(user, pk: int) -> Violation | None:
    return violations_visible_to(user).filter(pk=pk).first()


def violation_list(user, *, stage: str = "", kind: str = "") -> QuerySet[Violation]:
    qs = violations_visible_to(user)
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(measure_count=Count("measures")).order_by("-proposed_at", "-id")


def units_visible_to(user) -> QuerySet[Unit]:
    """The units whose record the user may read."""
    qs = Unit.objects.all()
    if user.roles & ALL_SEEING:
        return qs
    cond = Q(pk__in=[])
    if user.unit_id and user.roles & APPLICANT_ROLES:
        cond |= Q(pk=user.unit_id)
    if user.unit_id and user.roles & SUPERVISOR_ROLES:
        cond |= Q(pk=user.unit_id) | Q(parent_id=user.unit_id)
    return qs.filter(cond)


def unit_get(user, pk: int) -> Unit | None:
    return units_visible_to(user).filter(pk=pk).first()


def measures_of(violation: Violation) -> list[Measure]:
    return list(violation.measures.select_related("decided_by"))


def open_proposals() -> QuerySet[Violation]:
    return Violation.objects.filter(stage=domain.PROPOSED).select_related("project", "unit")


# Detection ----------------------------------------------------------------------------------------------


def candidate_projects() -> QuerySet[Project]:
    """The projects a detector may find something in: those with construction, payments, procurement or an
    operation on record."""
    return Project.objects.filter(
        Q(pk__in=Construction.objects.values("project_id"))
        | Q(pk__in=Payment.objects.values("project_id"))
        | Q(pk__in=Procurement.objects.values("project_id"))
        | Q(pk__in=Operation.objects.values("project_id"))
    ).order_by("pk")


def detection_facts(project: Project) -> domain.ProjectFacts:
    construction = Construction.objects.filter(project=project).first()
    guards = contributed_guard_values(project)
    accepted = bool(guards.get("completion_accepted", False))
    changes = tuple(
        f"{c.description[:60]}"
        for c in DesignChange.objects.filter(construction__project=project, post_hoc=True).order_by("id")
    )
    refused = tuple(
        f"{a.changes[:60]}（不予批准：{a.decision_reason[:60]}）"
        for a in Adjustment.objects.filter(construction__project=project, status=AdjustmentStatus.REFUSED).order_by(
            "id"
        )
    )
    operation = Operation.objects.filter(project=project).select_related("procurement").first()
    return domain.ProjectFacts(
        project_id=project.pk,
        funded=Declaration.objects.filter(project=project, stage="funded").exists(),
        construction_opened=construction is not None,
        payments=Payment.objects.filter(project=project).count(),
        post_hoc_changes=changes,
        refused_adjustments=refused,
        catalog_entries=ResourceCatalogEntry.objects.filter(project=project).count(),
        past_feasibility=construction is not None or accepted,
        non_government_procurements=tuple(
            Procurement.objects.filter(project=project, method=NON_GOVERNMENT)
            .order_by("id")
            .values_list("subject", flat=True)
        ),
        outsourced_without_procurement=bool(
            operation
            and operation.mode == OUTSOURCED
            and (operation.procurement is None or operation.procurement.method == NON_GOVERNMENT)
        ),
        operating=operation is not None,
        completion_accepted=accepted,
    )


# The unit's record ---------------------------------------------------------------------------------------


def confirmed_of(unit_ids) -> QuerySet[Violation]:
    return (
        Violation.objects.filter(unit_id__in=list(unit_ids), stage=domain.CONFIRMED)
        .select_related("project")
        .prefetch_related("measures")
    )


def violation_records(unit_ids) -> list[UnitRecord]:
    """The confirmed violations (with the measures taken) as the unit's record, shown where its declarations
    are judged (projects.unit_records). No persons' names: the summary is read by every reviewer."""
    records = []
    for v in confirmed_of(unit_ids):
        measures = "、".join(m.get_kind_display() for m in v.measures.all())
        text = v.decision_reason + (f"（处理：{measures}）" if measures else "")
        records.append(
            UnitRecord(
                unit_id=v.unit_id,
                date=clock.local_date(v.decided_at),
                label=f"违规行为：{v.get_kind_display()}",
                article=v.article,
                text=text,
                project=v.project.name,
            )
        )
    return records


def overview() -> dict:
    """The Office's counts in the cockpit (第三十条), in one query."""
    distinct = {"distinct": True}
    return Violation.objects.aggregate(
        proposed=Count("id", filter=Q(stage=domain.PROPOSED), **distinct),
        confirmed=Count("id", filter=Q(stage=domain.CONFIRMED), **distinct),
        dismissed=Count("id", filter=Q(stage=domain.DISMISSED), **distinct),
        measures=Count("measures", **distinct),
    )


# 第三十一条 ---------------------------------------------------------------------------------------------


def is_classified(project_id: int | None) -> bool:
    """The project is marked classified: by the Office (on the Secrecy bureau's word), or by the 密级 note of
    one of its declarations (附件2)."""
    if project_id is None:
        return False
    if Classification.objects.filter(project_id=project_id).exists():
        return True
    notes = Declaration.objects.filter(project_id=project_id).values_list("proposal__classification_note", flat=True)
    return any(domain.note_marks_classified(note or "") for note in notes)


def upload_refusal(project_id: int | None) -> str:
    """documents.access.register_upload_check: a classified project stores no file (第三十一条)."""
    return domain.CLASSIFIED_REFUSAL if is_classified(project_id) else ""


def classified_projects() -> QuerySet[Project]:
    return Project.objects.filter(classification__isnull=False).select_related("unit", "classification")


def guidance_of(project: Project) -> list[SecrecyGuidance]:
    return list(SecrecyGuidance.objects.filter(project=project).select_related("recorded_by"))


def classified_projects_visible_to(user) -> QuerySet[Project]:
    """The marked projects: all for the Office and Audit, a unit's own, a supervising department's units'."""
    qs = classified_projects().order_by("code")
    if user.roles & ALL_SEEING:
        return qs
    return qs.filter(unit__in=units_visible_to(user))
