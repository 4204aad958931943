"""Reads of the expert library, always through what the user may see: the Office sees the library and every
draw; the Audit bureau sees draws (to re-run them); an expert sees only their own profile and assignments."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.orgs.models import User

from . import domain
from .models import Assignment, AssignmentStatus, DrawRound, ExpertDraw, ExpertProfile, ExpertStatus


def sees_library(user) -> bool:
    return bool(user.roles & OFFICE_ROLES)


def sees_draws(user) -> bool:
    return bool(user.roles & (OFFICE_ROLES | {Role.AUDIT_REVIEWER}))


def expert_list(user, *, field: str = "", status: str = "", q: str = "") -> QuerySet[ExpertProfile]:
    if not sees_library(user):
        return ExpertProfile.objects.none()
    qs = ExpertProfile.objects.select_related("user", "employer_unit").order_by("id")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(user__last_name__icontains=q) | qs.filter(employer__icontains=q)
    if field:
        # JSON containment is not portable to SQLite: filter the (small) library in Python, as a list of ids
        ids = [p.pk for p in qs if field in p.fields]
        qs = qs.filter(pk__in=ids)
    return qs


def expert_get(user, pk: int) -> ExpertProfile | None:
    """The profile, for the Office or the expert themselves; else None (404)."""
    qs = ExpertProfile.objects.select_related("user", "employer_unit").prefetch_related("ties__unit", "unavailability")
    if sees_library(user):
        return qs.filter(pk=pk).first()
    return qs.filter(pk=pk, user=user).first()


def own_profile(user) -> ExpertProfile | None:
    return ExpertProfile.objects.select_related("user", "employer_unit").filter(user=user).first()


def enrollable_users() -> QuerySet[User]:
    """Active expert accounts not yet in the library."""
    return (
        User.objects.filter(is_active=True, role_grants__role=Role.EXPERT, expert_profile__isnull=True)
        .distinct()
        .order_by("username")
    )


def verified_experts() -> QuerySet[ExpertProfile]:
    return ExpertProfile.objects.filter(status=ExpertStatus.VERIFIED).select_related("user").order_by("id")


def draw_list(user) -> QuerySet[ExpertDraw]:
    if not sees_draws(user):
        return ExpertDraw.objects.none()
    return ExpertDraw.objects.select_related("project", "unit", "made_by").order_by("-made_at", "-id")


def draw_get(user, pk: int) -> ExpertDraw | None:
    return draw_list(user).filter(pk=pk).first()


def draws_of(owner) -> QuerySet[ExpertDraw]:
    """The draws of a record in review (the declaration's), newest first; visibility is the caller's."""
    return ExpertDraw.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk).order_by(
        "-made_at", "-id"
    )


def draw_detail(draw: ExpertDraw) -> dict:
    """A draw's rounds (with the excluded experts and reasons), assignments, sheets and aggregate."""
    rounds = list(draw.rounds.order_by("number"))
    assignments = list(draw.assignments.select_related("expert__user", "round", "sheet").order_by("invited_at", "id"))
    names = {
        p.pk: p
        for p in ExpertProfile.objects.filter(pk__in={e["expert"] for r in rounds for e in r.excluded}).select_related(
            "user"
        )
    }
    for r in rounds:
        r.excluded_rows = [{**e, "profile": names.get(e["expert"])} for e in r.excluded]
    return {"draw": draw, "rounds": rounds, "assignments": assignments, **scoring(draw, assignments)}


def _sheet(kind: str) -> domain.Sheet:
    from egovpm.policy.loader import get_policy

    return domain.Sheet.of(kind, get_policy().experts.sheets[kind])


def scoring(draw: ExpertDraw, assignments: list[Assignment] | None = None) -> dict:
    """The scoring sheet of the draw's kind, the submitted sheets (with whether each total is flagged) and
    their aggregate: mean, trimmed mean where the policy asks, median, spread, standard deviation, and the
    mean of each criterion."""
    from decimal import Decimal

    sheet = _sheet(draw.kind)
    if assignments is None:
        assignments = list(draw.assignments.select_related("expert__user", "sheet"))
    scored = [a for a in assignments if a.status == AssignmentStatus.ACCEPTED and hasattr(a, "sheet")]
    totals = [a.sheet.total for a in scored]
    agg = domain.aggregate(totals, trimmed=sheet.trimmed_mean, outlier_points=sheet.outlier_points)
    rows = [{"assignment": a, "sheet": a.sheet, "outlier": i in agg.outliers} for i, a in enumerate(scored)]
    criteria = []
    for c in sheet.criteria:
        values = [Decimal(a.sheet.scores.get(c.code, "0")) for a in scored]
        mean = (sum(values) / len(values)).quantize(domain.TWO) if values else None
        criteria.append({"criterion": c, "mean": mean})
    accepted = [a for a in assignments if a.status == AssignmentStatus.ACCEPTED]
    return {
        "sheet": sheet,
        "sheet_rows": rows,
        "aggregate": agg,
        "criteria_means": criteria,
        "awaiting_sheets": len(accepted) - len(scored),
    }


def review_panel(owner) -> dict | None:
    """What the declaration page shows of its experts: the latest draw, its assignments and its scoring."""
    draw = draws_of(owner).select_related("project", "unit").first()
    if draw is None:
        return None
    return draw_detail(draw)


def assignments_of(user) -> QuerySet[Assignment]:
    """The expert's own assignments, newest first (the workspace)."""
    return (
        Assignment.objects.filter(expert__user=user)
        .select_related("draw", "draw__project", "draw__unit", "sheet")
        .order_by("-invited_at", "-id")
    )


def assignment_get(user, pk: int) -> Assignment | None:
    """The expert's own assignment, or None."""
    return assignments_of(user).filter(pk=pk).first()


def rounds_with_assignments(draw) -> QuerySet[DrawRound]:
    return draw.rounds.prefetch_related(Prefetch("assignments")).order_by("number")


def pending_of(owner) -> int:
    """Drawn experts of the record's open draw who have not answered, or accepted and not scored yet."""
    draw = draws_of(owner).filter(closed_at__isnull=True).first()
    if draw is None:
        return 0
    invited = draw.assignments.filter(status=AssignmentStatus.INVITED).count()
    unscored = draw.assignments.filter(status=AssignmentStatus.ACCEPTED, sheet__isnull=True).count()
    return invited + unscored
