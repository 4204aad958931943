"""Reads of procurement, contracts, licences and payments, always through what the user may see (第四条:
Finance and Audit see every project's, the Office too; a unit its own and its subordinates'), and the
figures the payment checks and the money overview need."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from egovpm.construction.models import Estimate, EstimateItem, EstimateItemKind, EstimateStatus
from egovpm.construction.selectors import (
    approved_amounts,
    approved_estimate,
    constructions_visible_to,
    is_behind_plan,
    with_latest_progress,
)
from egovpm.core.money import ZERO, to_wan
from egovpm.intake.models import BudgetLibraryEntry, Declaration
from egovpm.intake.selectors import visible_unit_ids
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.projects.engine import available_actions, may
from egovpm.projects.models import Project
from egovpm.projects.project_pages import project_pages

from . import domain
from .models import Contract, ContractPart, Payment, Procurement, SoftwareLicence
from .workflow import CONTRACT

# Who reads every project's procurement and payments (第四条): the Office, Finance, Audit.
CITYWIDE_ROLES = OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}
# Who opens the pages at all: those, and the units' clerks and leaders (their own and subordinates').
VIEWER_ROLES = CITYWIDE_ROLES | APPLICANT_ROLES | {Role.SUPERVISOR_APPROVER}


def _unit_filter(user, field: str = "unit_id") -> Q | None:
    """None when the user sees every unit's records; else the condition on `field`."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.roles & CITYWIDE_ROLES:
        return None
    if user.roles & (APPLICANT_ROLES | {Role.SUPERVISOR_APPROVER}) and user.unit_id:
        return Q(**{f"{field}__in": visible_unit_ids(user)})
    return Q(pk__in=[])


def _visible(qs: QuerySet, user) -> QuerySet:
    cond = _unit_filter(user)
    return qs if cond is None else qs.filter(cond)


def projects_visible_to(user) -> QuerySet[Project]:
    return _visible(Project.objects.all(), user)


def project_get(user, pk: int) -> Project | None:
    return projects_visible_to(user).select_related("unit").filter(pk=pk).first()


def contract_get(user, pk: int) -> Contract | None:
    return _visible(Contract.objects.select_related("project", "unit", "procurement"), user).filter(pk=pk).first()


def licence_get(user, pk: int) -> SoftwareLicence | None:
    return _visible(SoftwareLicence.objects.select_related("project"), user).filter(pk=pk).first()


def payments_visible_to(user) -> QuerySet[Payment]:
    return _visible(Payment.objects.all(), user)


def payment_ledger(user, *, project: Project | None = None, unit_id: int | None = None, year: int | None = None):
    """第四条 the payment ledger: every payment the user may see, newest first, with what a row shows."""
    qs = payments_visible_to(user).select_related("project", "unit", "contract", "contract__procurement", "recorded_by")
    if project is not None:
        qs = qs.filter(project=project)
    if unit_id:
        qs = qs.filter(Q(unit_id=unit_id) | Q(unit__parent_id=unit_id))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-paid_on", "-id")


def _total(qs, field: str = "amount") -> Decimal:
    """The column's sum in 万元 with two decimals (SQLite's sum drops trailing zeros), 0.00 for no rows."""
    return to_wan(qs.aggregate(s=Sum(field))["s"])


def ledger_total(payments: QuerySet[Payment]) -> Decimal:
    return _total(payments)


def arranged_for_year(project: Project, year: int) -> Decimal:
    """第七条(五), 第九条(四): the funds arranged for the project in plan year `year`, by the general procedure
    (the budget library entry's arranged amount) and by the special procedure (its arranged funds) alike."""
    entries = BudgetLibraryEntry.objects.filter(
        declaration__project=project, declaration__plan_year__year=year, declaration__stage="funded"
    )
    return _total(entries, "arranged_amount")


def estimate_total(project: Project) -> Decimal | None:
    """第十四条: the approved estimate's total, None when the project has none approved."""
    if approved_estimate(project) is None:
        return None
    return sum(approved_amounts(project).values(), ZERO)


def contracted_of_kind(project: Project, kind: str) -> Decimal:
    return _total(ContractPart.objects.filter(contract__project=project, kind=kind))


def payment_figures(contract: Contract, year: int) -> dict:
    """What the payment check of 第四条 weighs, so far (without the payment asked for)."""
    project = contract.project
    return {
        "contract_amount": contract.amount,
        "paid_on_contract": ledger_total(contract.payments.all()),
        "year": year,
        "arranged_for_year": arranged_for_year(project, year),
        "paid_in_year": ledger_total(project.payments.filter(year=year)),
        "estimate_total": estimate_total(project),
        "paid_on_project": ledger_total(project.payments.all()),
    }


def _sums_by_kind(qs) -> dict[str, Decimal]:
    return {row["kind"]: to_wan(row["s"]) for row in qs.values("kind").annotate(s=Sum("amount")).order_by()}


def money_overview(project: Project) -> dict:
    """The project's estimate, contracted, paid and remaining side by side, per item kind and in total."""
    return domain.money_overview(
        kinds=EstimateItemKind.choices,
        approved=approved_amounts(project),
        contracted=_sums_by_kind(ContractPart.objects.filter(contract__project=project)),
        paid=_sums_by_kind(project.payments.all()),
    )


def money_section(project: Project) -> dict:
    """The money overview with whether the estimate is approved: the `section` of procurement/_money_overview.html."""
    return {
        "overview": money_overview(project),
        "estimate_approved": Estimate.objects.filter(project=project, status=EstimateStatus.APPROVED).exists(),
        "url": None,
    }


def procurement_page_context(user, project: Project) -> dict:
    """The project's procurement page: procurements with their items, contracts with their parts and
    payments (and what the user may do on each), the licence register and the money overview."""
    contracts = list(
        Contract.objects.filter(project=project)
        .select_related("procurement")
        .prefetch_related("parts", Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "id")))
    )
    money = money_section(project)
    rows = []
    for c in contracts:
        paid = sum((p.amount for p in c.payments.all()), ZERO)
        can_pay, refusal = may(user, c, "disburse")
        rows.append(
            {
                "contract": c,
                "paid": paid,
                "remaining": c.amount - paid,
                "can_pay": can_pay,
                "pay_refusal": refusal,
                "actions": available_actions(user=user, obj=c),
            }
        )
    return {
        "project": project,
        "project_pages": project_pages(user, project, current="procurement"),
        "procurements": list(
            Procurement.objects.filter(project=project).prefetch_related("lines").order_by("procured_on", "id")
        ),
        "contracts": rows,
        "licences": list(SoftwareLicence.objects.filter(project=project).prefetch_related("documents")),
        "overview": money["overview"],
        "money_section": money,
        "is_own_unit": user.unit_id == project.unit_id and bool(user.roles & APPLICANT_ROLES),
        "is_finance": user.has_role(Role.FINANCE_REVIEWER),
    }


def _in_force(user) -> QuerySet[Contract]:
    return (
        _visible(Contract.objects.filter(stage=CONTRACT.initial), user)
        .annotate(paid=Sum("payments__amount"))
        .select_related("project", "unit")
        .order_by("signed_on", "id")
    )


def contracts_to_pay(user, year: int) -> QuerySet[Contract]:
    """Finance's to-do: contracts in force with an amount still to pay, each row also carrying what has
    been paid in `year` on every project the user sees (`paid_in_year`: the to-do list costs one query)."""
    paid_in_year = _visible(Payment.objects.filter(year=year), user).order_by().values("year").annotate(s=Sum("amount"))
    return (
        _in_force(user)
        .filter(Q(paid__isnull=True) | Q(paid__lt=F("amount")))
        .annotate(paid_in_year=Subquery(paid_in_year.values("s")[:1]))
    )


def contracts_paid_in_full(user) -> QuerySet[Contract]:
    """The unit's to-do: its own contracts in force paid in full, to record as performed."""
    return _in_force(user).filter(unit_id=user.unit_id, paid__gte=F("amount"))


def _sum_subquery(model, field: str = "amount") -> Subquery:
    rows = model.objects.filter(project=OuterRef("pk")).order_by().values("project").annotate(s=Sum(field))
    return Subquery(rows.values("s")[:1])


def project_rows(user) -> QuerySet[Project]:
    """The projects in construction the user sees (those with a construction record or a contract), each
    with what its contracts hold and what Finance has paid: a fixed number of queries for any page."""
    return (
        projects_visible_to(user)
        .filter(Q(construction__isnull=False) | Q(contracts__isnull=False))
        .distinct()
        .select_related("unit")
        .annotate(contracted=_sum_subquery(Contract), paid=_sum_subquery(Payment))
        .order_by("code")
    )


def _approved_estimate_total() -> Subquery:
    """The total of the latest approved estimate of the construction's project (第十四条 the baseline)."""
    latest = Estimate.objects.filter(project=OuterRef(OuterRef("project")), status=EstimateStatus.APPROVED).order_by(
        "-version"
    )
    items = (
        EstimateItem.objects.filter(estimate=Subquery(latest.values("pk")[:1]))
        .order_by()
        .values("estimate")
        .annotate(s=Sum("amount"))
    )
    return Subquery(items.values("s")[:1])


def _construction_sum(model) -> Subquery:
    rows = model.objects.filter(project=OuterRef("project")).order_by().values("project").annotate(s=Sum("amount"))
    return Subquery(rows.values("s")[:1])


def money_by_plan_year(user) -> dict:
    """The cockpit's money of the projects in construction (第四条, 第十四条, 第十五条), per plan year of the
    funded declaration and in total: approved estimate, contracted, paid, remaining (estimate − paid) and
    how many are behind their plan. One query whatever the number of projects."""
    funded = Declaration.objects.filter(project=OuterRef("project"), stage="funded").order_by("-plan_year__year", "-id")
    constructions = with_latest_progress(
        constructions_visible_to(user).annotate(
            plan_year=Subquery(funded.values("plan_year__year")[:1]),
            estimate_total=_approved_estimate_total(),
            contracted=_construction_sum(Contract),
            paid=_construction_sum(Payment),
        )
    ).order_by()
    years: dict[int | None, dict] = {}
    names = ("estimate", "contracted", "paid", "remaining")
    total = dict.fromkeys(names, ZERO) | {"projects": 0, "behind_plan": 0}
    for c in constructions:
        estimate, paid = to_wan(c.estimate_total), to_wan(c.paid)
        figures = {"estimate": estimate, "contracted": to_wan(c.contracted), "paid": paid, "remaining": estimate - paid}
        row = years.setdefault(
            c.plan_year, {"plan_year": c.plan_year, "projects": 0, "behind_plan": 0} | dict.fromkeys(names, ZERO)
        )
        behind = int(is_behind_plan(c))
        for target in (row, total):
            target["projects"] += 1
            target["behind_plan"] += behind
            for name in names:
                target[name] += figures[name]
    rows = sorted(years.values(), key=lambda r: (r["plan_year"] is None, -(r["plan_year"] or 0)))
    return {"rows": rows, "total": total}


def project_suppliers(project) -> set[str]:
    """The suppliers of a project's procurements and contracts, by name (egovpm.experts' recusal)."""
    from egovpm.procurement.models import Contract, Procurement

    names = set(Procurement.objects.filter(project=project).values_list("supplier", flat=True))
    return names | set(Contract.objects.filter(project=project).values_list("supplier", flat=True))
