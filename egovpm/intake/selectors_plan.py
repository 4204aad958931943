"""Reads of the annual plan and the budget library (第七条(四)(五)): plan years, the plan and the
pre-approved list sent to Finance, funding totals, always through what the user may see."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from egovpm.intake.models import Declaration
from egovpm.intake.selectors import BEFORE_OFFICE, _one, declarations_visible_to
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.official.selectors import issued_for_each

PRE_APPROVED_STAGES = ("approved", "in_budget_library", "funded")
FUNDING_TOTAL_FIELDS = (
    "total_investment",
    "current_total",
    "current_fiscal",
    "current_self_raised",
    "current_national",
    "current_other",
)


FUNDING_TOTAL_FIELDS = (
    "total_investment",
    "current_total",
    "current_fiscal",
    "current_self_raised",
    "current_national",
    "current_other",
)


def plan_year_choices() -> QuerySet:
    from egovpm.intake.models import PlanYear

    return PlanYear.objects.order_by("-year")


def plan_year_get(year: int):
    """The plan year, or None."""
    from egovpm.intake.models import PlanYear

    return PlanYear.objects.filter(year=year).first()


def plan_visible_to(user, plan_year) -> bool:
    """The Office sees its plan at any time; Finance once the Office has sent it (第七条(四))."""
    if user.roles & OFFICE_ROLES:
        return True
    if user.has_role(Role.FINANCE_REVIEWER):
        return plan_year.transmissions.exists()
    return False


def plan_year_overview(user) -> list[dict]:
    """Every plan year, newest first, with the count per stage of its declarations that reached the
    Office and whether it was sent to Finance. Two queries."""
    from egovpm.intake.models import PlanYear
    from egovpm.lifecycle.workflows import DECLARATION

    years = list(PlanYear.objects.annotate(transmission_count=Count("transmissions")).order_by("-year"))
    counts: dict[int, dict[str, int]] = {}
    rows = (
        declarations_visible_to(user)
        .filter(procedure="general")
        .exclude(stage__in=BEFORE_OFFICE)
        .order_by()
        .values_list("plan_year_id", "stage")
        .annotate(n=Count("id"))
    )
    for plan_year_id, stage, n in rows:
        counts.setdefault(plan_year_id, {})[stage] = n
    is_office = bool(user.roles & OFFICE_ROLES)
    overview = []
    for py in years:
        per_stage = counts.get(py.pk, {})
        overview.append(
            {
                "plan_year": py,
                "visible": is_office or py.transmission_count > 0,
                "sent": py.transmission_count > 0,
                "total": sum(per_stage.values()),
                "stages": [(s.code, s.label, per_stage[s.code]) for s in DECLARATION.stages if s.code in per_stage],
            }
        )
    return overview


def plan_declarations(user, plan_year) -> QuerySet[Declaration]:
    """第七条(四) 年度计划: the year's declarations that reached the Office, with what the plan shows."""
    return (
        declarations_visible_to(user)
        .filter(plan_year=plan_year, procedure="general")
        .exclude(stage__in=BEFORE_OFFICE)
        .select_related("project", "unit", "unit__parent", "plan_year", "approval_opinion", "budget_entry")
        .order_by("project__code")
    )


def preapproved_declarations(user, plan_year) -> QuerySet[Declaration]:
    """第七条(四) 预审合格项目清单: passed the re-review. Finance sees those the Office has sent."""
    qs = plan_declarations(user, plan_year).filter(stage__in=PRE_APPROVED_STAGES)
    if not user.roles & OFFICE_ROLES:
        qs = qs.filter(sent_to_finance_at__isnull=False)
    return qs


def funding_totals(declarations) -> dict:
    """Column sums (万元) of a list of declarations: investment, this year's funding, approved amount."""
    from decimal import Decimal

    totals = {name: Decimal("0.00") for name in (*FUNDING_TOTAL_FIELDS, "approved_amount", "arranged_amount")}
    for decl in declarations:
        for name in FUNDING_TOTAL_FIELDS:
            totals[name] += getattr(decl, name)
        opinion = _one(decl, "approval_opinion")
        if opinion is not None:
            totals["approved_amount"] += opinion.approved_amount
        entry = _one(decl, "budget_entry")
        if entry is not None and entry.arranged_amount is not None:
            totals["arranged_amount"] += entry.arranged_amount
    totals["count"] = len(declarations)
    return totals


def plan_transmissions(plan_year) -> list:
    """Each transmission to Finance, with its covering letter (报送函) as `letter`."""
    transmissions = list(plan_year.transmissions.select_related("sent_by", "sent_by__unit").order_by("-sent_at", "-id"))
    letters = issued_for_each(transmissions, "plan_letter")
    for t in transmissions:
        t.letter = letters.get(t.pk)
    return transmissions


def budget_library_sections(user, *, plan_year: int | None = None) -> dict:
    """第七条(五) 部门预算项目库 as Finance works it: approved and sent (待入库), placed (待安排资金),
    funded (已安排资金); plus the approved projects the Office has not sent yet. One query."""
    qs = (
        declarations_visible_to(user)
        .filter(stage__in=PRE_APPROVED_STAGES, procedure="general")
        .select_related("project", "unit", "plan_year", "approval_opinion", "budget_entry")
        .order_by("-plan_year__year", "project__code")
    )
    if plan_year:
        qs = qs.filter(plan_year__year=plan_year)
    sections: dict[str, list] = {"to_place": [], "awaiting_plan": [], "placed": [], "funded": []}
    for decl in qs:
        if decl.stage == "approved":
            sections["to_place" if decl.sent_to_finance_at else "awaiting_plan"].append(decl)
        elif decl.stage == "in_budget_library":
            sections["placed"].append(decl)
        else:
            sections["funded"].append(decl)
    return sections


def approval_opinion_of(declaration: Declaration):
    """The written approval opinion of the re-review (第七条(四)), or None."""
    return _one(declaration, "approval_opinion")


def opened_years() -> list[int]:
    from egovpm.intake.models import PlanYear

    return sorted(PlanYear.objects.values_list("year", flat=True))


def open_declaration_years(today, policy, years=None) -> list[dict]:
    """The plan years the Office opened whose general declaration is still open on `today` (第七条(一)),
    soonest first: {"year", "due", "days_left"} — what every unit's home announces. `years`: the opened
    years when the caller has them already."""
    found = []
    for year in sorted(opened_years() if years is None else years):
        due = policy.intake.due("declaration", year)
        if today <= due:
            found.append({"year": year, "due": due, "days_left": (due - today).days})
    return found


def running_cycle(today, policy, years=None) -> int:
    """The plan year whose yearly deadlines run now: the first the Office opened with a deadline still to
    come (2028 once 2027's 12-31 has passed), else the policy's reckoning from the date alone. `years`: the
    opened years when the caller has them already."""
    for year in sorted(opened_years() if years is None else years):
        if today <= max(policy.intake.due(name, year) for name in policy.intake.deadlines):
            return year
    return policy.intake.current_plan_year(today)


def next_plan_year_to_open(today) -> int:
    """The year the Office's form offers: the first after this calendar year that is not open yet."""
    from egovpm.intake.models import PlanYear

    taken = set(PlanYear.objects.values_list("year", flat=True))
    year = today.year + 1
    while year in taken:
        year += 1
    return year
