"""The cockpit (驾驶舱): the Office's figures of a plan year or of every year, and the views Finance and Audit
have of their own duties. Reads only; each figure carries the URL of the filtered list of the records behind
it, and every chart is also a table (the template draws both from the same rows).

Each section costs a fixed number of queries whatever the number of projects (grouped aggregates)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from egovpm.acceptance.models import Acceptance
from egovpm.acceptance.selectors import acceptances_visible_to, clock_of, with_due
from egovpm.acceptance.workflow import ACCEPTANCE
from egovpm.construction.selectors import constructions_visible_to
from egovpm.construction.workflow import CONSTRUCTION
from egovpm.core import clock
from egovpm.core.money import ZERO, to_wan
from egovpm.evaluation.selectors import evaluations_visible_to
from egovpm.evaluation.workflow import EVALUATION
from egovpm.filings.selectors import filings_visible_to
from egovpm.intake.forms.declaration import SPECIAL_STAGE_PREFIX
from egovpm.intake.models import BudgetLibraryEntry, Declaration, Procedure, ReviewInvitation
from egovpm.intake.selectors import BEFORE_OFFICE, declarations_visible_to
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.lifecycle.table import Workflow
from egovpm.lifecycle.workflows import DECLARATION, FILING, SPECIAL
from egovpm.operations.models import FinalAudit, Operation
from egovpm.operations.selectors import projects_visible_to as operation_projects_visible_to
from egovpm.operations.workflow import OPERATION
from egovpm.orgs.models import Unit
from egovpm.policy.loader import get_policy
from egovpm.procurement.domain import FUNDING_SOURCES
from egovpm.procurement.selectors import contracts_to_pay, money_by_plan_year, payments_visible_to
from egovpm.supervision.domain import OWED_STAGES
from egovpm.supervision.models import InformationRequest, Rectification
from egovpm.supervision.selectors import with_due as rectifications_with_due

# Who opens the cockpit: the Office sees every section, Finance and Audit theirs (第四条).
COCKPIT_ROLES = OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}
# Declaration money columns per funding source (附件1 本年度申请资金), in FUNDING_SOURCES' order.
REQUESTED_BY_SOURCE = {
    "fiscal": "current_fiscal",
    "self_raised": "current_self_raised",
    "national": "current_national",
    "other": "current_other",
}


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def _wan(value) -> Decimal:
    return to_wan(value) if value is not None else ZERO


# The pipeline ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    """One workflow of the pipeline: where its records are, what money a record carries (if any), and the
    list that filters by its stage."""

    key: str
    label: str
    workflow: Workflow
    records: Callable[[object, int | None], QuerySet]
    list_url: str
    money: str = ""
    stage_param: Callable[[str], str] = str
    by_plan_year: bool = False


def _general(user, year):
    qs = declarations_visible_to(user).filter(procedure=Procedure.GENERAL).exclude(stage__in=BEFORE_OFFICE)
    return qs.filter(plan_year__year=year) if year else qs


def _special(user, year):
    qs = declarations_visible_to(user).filter(procedure=Procedure.SPECIAL).exclude(stage__in=BEFORE_OFFICE)
    return qs.filter(plan_year__year=year) if year else qs


def _operations(user, _year):
    return Operation.objects.filter(project__in=operation_projects_visible_to(user))


def _phases() -> tuple[Phase, ...]:
    return (
        Phase(
            "declaration", "年度计划申报（第七条）", DECLARATION, _general, "intake:declaration_list", "current_total",
            by_plan_year=True,
        ),
        Phase(
            "special", "特殊申报（第八条、第九条）", SPECIAL, _special, "intake:declaration_list", "current_total",
            stage_param=lambda code: f"{SPECIAL_STAGE_PREFIX}{code}", by_plan_year=True,
        ),
        Phase("filing", "备案（第十条）", FILING, lambda u, _y: filings_visible_to(u), "filings:filing_list",
              "total_investment"),
        Phase("construction", "项目建设（第十一条至第十六条）", CONSTRUCTION,
              lambda u, _y: constructions_visible_to(u), "construction:list"),
        Phase("acceptance", "项目验收（第十九条至第二十一条）", ACCEPTANCE, lambda u, _y: acceptances_visible_to(u),
              "acceptance:list"),
        Phase("operation", "运行维护（第二十二条至第二十四条）", OPERATION, _operations, "operations:operation_list"),
        Phase("evaluation", "效果评估（第二十五条至第二十八条）", EVALUATION,
              lambda u, _y: evaluations_visible_to(u), "evaluation:evaluation_list"),
    )  # fmt: skip


def pipeline(user, plan_year: int | None) -> list[dict]:
    """Per workflow, the records at each of its stages (in the table's order) and their money: one grouped
    query per workflow. Declarations count in `plan_year` (every year when None); the later stages in every
    year (a project's construction outlives its plan year)."""
    sections = []
    for phase in _phases():
        qs = phase.records(user, plan_year).order_by().values("stage")
        aggregates = {"n": Count("id", distinct=True)}
        if phase.money:
            aggregates["money"] = Sum(phase.money)
        found = {row["stage"]: row for row in qs.annotate(**aggregates)}
        year = plan_year if phase.by_plan_year else None
        rows = []
        for stage in phase.workflow.stages:
            if phase.key in ("declaration", "special") and stage.code in BEFORE_OFFICE:
                continue
            row = found.get(stage.code, {})
            rows.append(
                {
                    "code": stage.code,
                    "label": stage.label,
                    "count": row.get("n", 0),
                    "money": _wan(row.get("money")) if phase.money else None,
                    "url": _url(phase.list_url, stage=phase.stage_param(stage.code), plan_year=year),
                }
            )
        sections.append(
            {
                "key": phase.key,
                "label": phase.label,
                "rows": rows,
                "count": sum(r["count"] for r in rows),
                "money": sum((r["money"] for r in rows), ZERO) if phase.money else None,
                "has_money": bool(phase.money),
                "across_years": not phase.by_plan_year,
            }
        )
    return sections


# Money: requested, approved, arranged, paid ----------------------------------------------------------------


def _declarations_with_money(user, plan_year: int | None) -> QuerySet[Declaration]:
    qs = declarations_visible_to(user).exclude(stage__in=BEFORE_OFFICE)
    return qs.filter(plan_year__year=plan_year) if plan_year else qs


def money_by_department(user, plan_year: int | None) -> dict:
    """第七条(四)(五), 第四条: per applicant unit, what it requested (本年度申请资金合计), what the written approval
    opinions approved (核定投资), what Finance arranged (年度安排资金) and what Finance paid in that funds year.
    Two queries."""
    declared = (
        _declarations_with_money(user, plan_year)
        .order_by()
        .values("unit_id")
        .annotate(
            n=Count("id"),
            requested=Sum("current_total"),
            approved=Sum("approval_opinion__approved_amount"),
            arranged=Sum("budget_entry__arranged_amount"),
        )
    )
    payments = payments_visible_to(user)
    if plan_year:
        payments = payments.filter(year=plan_year)
    paid = dict(payments.order_by().values("unit_id").annotate(s=Sum("amount")).values_list("unit_id", "s"))
    rows_by_unit = {r["unit_id"]: r for r in declared}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=set(rows_by_unit) | set(paid)).order_by("code")}
    names = ("requested", "approved", "arranged", "paid")
    rows, total = [], dict.fromkeys(names, ZERO) | {"count": 0}
    for unit in units.values():
        found = rows_by_unit.get(unit.pk, {})
        row = {
            "unit": unit,
            "count": found.get("n", 0),
            "requested": _wan(found.get("requested")),
            "approved": _wan(found.get("approved")),
            "arranged": _wan(found.get("arranged")),
            "paid": _wan(paid.get(unit.pk)),
            "url": _url("intake:declaration_list", unit=unit.pk, plan_year=plan_year),
            "paid_url": _url("procurement:ledger", unit=unit.pk, year=plan_year),
        }
        rows.append(row)
        total["count"] += row["count"]
        for name in names:
            total[name] += row[name]
    return {"rows": rows, "total": total}


def money_by_source(user, plan_year: int | None) -> dict:
    """Requested (附件1's four sources) and paid (each payment's source) per funding source. Two queries."""
    requested = _declarations_with_money(user, plan_year).aggregate(
        **{key: Sum(field) for key, field in REQUESTED_BY_SOURCE.items()}
    )
    payments = payments_visible_to(user)
    if plan_year:
        payments = payments.filter(year=plan_year)
    paid = dict(
        payments.order_by().values("funding_source").annotate(s=Sum("amount")).values_list("funding_source", "s")
    )
    rows = [
        {
            "key": key,
            "label": label,
            "requested": _wan(requested.get(key)),
            "paid": _wan(paid.get(key)),
            "url": _url("intake:declaration_list", plan_year=plan_year),
            "paid_url": _url("procurement:ledger", year=plan_year),
        }
        for key, label in FUNDING_SOURCES
    ]
    total = {
        "requested": sum((r["requested"] for r in rows), ZERO),
        "paid": sum((r["paid"] for r in rows), ZERO),
    }
    return {"rows": rows, "total": total}


def estimate_use(user) -> dict:
    """第十四条: per plan year of the projects in construction, the approved estimate, what was paid and the
    share of the estimate used (paid ÷ estimate, in per cent with one decimal). One query
    (procurement.selectors.money_by_plan_year)."""
    money = money_by_plan_year(user)
    for row in [*money["rows"], money["total"]]:
        estimate = row["estimate"]
        row["use"] = (row["paid"] * 100 / estimate).quantize(Decimal("0.1")) if estimate else None
        row["url"] = _url("construction:list")
    return money


# Overdue items by unit --------------------------------------------------------------------------------------


def overdue_by_unit(user) -> dict:
    """Per unit, what it owes past the date in force today: rectification orders (第十八条, with the
    Office's extension), information requests (第十七条) and initial acceptance (第二十条, six months after
    construction completed, or the extension). Three queries."""
    if not user.roles & OFFICE_ROLES:
        return {"rows": [], "total": {}}
    today = clock.today()
    orders = dict(
        rectifications_with_due(Rectification.objects.filter(stage__in=OWED_STAGES))
        .annotate(due_in_force=Coalesce("extended_due", "due"))
        .filter(due_in_force__lt=today)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    requests = dict(
        InformationRequest.objects.filter(stage="requested", due__lt=today)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    acceptances: dict[int, int] = {}
    for acceptance in with_due(Acceptance.objects.filter(stage__in=("initial_acceptance", "acceptance_failed"))):
        if clock_of(acceptance, today)["state"] == "overdue":
            acceptances[acceptance.unit_id] = acceptances.get(acceptance.unit_id, 0) + 1
    ids = set(orders) | set(requests) | set(acceptances)
    rows = []
    for unit in Unit.objects.filter(pk__in=ids).order_by("code"):
        row = {
            "unit": unit,
            "rectification": orders.get(unit.pk, 0),
            "information": requests.get(unit.pk, 0),
            "acceptance": acceptances.get(unit.pk, 0),
        }
        row["total"] = row["rectification"] + row["information"] + row["acceptance"]
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["unit"].code))
    total = {k: sum(r[k] for r in rows) for k in ("rectification", "information", "acceptance", "total")}
    return {
        "rows": rows,
        "total": total,
        "supervision_url": _url("supervision:project_list", restricted=""),
        "acceptance_url": _url("acceptance:list", state="overdue"),
    }


# 第六条 decisions -------------------------------------------------------------------------------------------


def infrastructure_decisions(user, plan_year: int | None) -> dict:
    """第六条: flagged general declarations that reached the Office: folded into the coordinated plan,
    admitted standalone, or still undecided. One query."""
    qs = _general(user, plan_year).exclude(infrastructure_areas=[])
    counts = qs.aggregate(
        total=Count("id"),
        coordinated=Count("id", filter=Q(infrastructure_decision__decision="coordinated")),
        standalone=Count("id", filter=Q(infrastructure_decision__decision="standalone")),
    )
    counts["pending"] = counts["total"] - counts["coordinated"] - counts["standalone"]
    url = reverse("coordination:coordination_list") + f"?{urlencode({'plan_year': plan_year or ''})}"
    labels = (("coordinated", "纳入办公室统筹建设"), ("standalone", "同意单独立项"), ("pending", "待办公室决定"))
    return {
        "rows": [{"key": k, "label": label, "count": counts[k], "url": url} for k, label in labels],
        "total": counts["total"],
        "url": url,
    }


# Finance and Audit: their own duties -----------------------------------------------------------------------


def finance_duties(user, plan_year: int | None) -> dict:
    """第七条(五), 第四条: what waits for Finance — approved projects to place in the budget project library,
    placed ones whose arrangement is not recorded, and contracts in force with money still to pay. Three
    queries."""
    approved = (
        _declarations_with_money(user, plan_year)
        .filter(stage="approved")
        .aggregate(n=Count("id"), money=Sum("approval_opinion__approved_amount"))
    )
    entries = BudgetLibraryEntry.objects.filter(
        declaration__in=_declarations_with_money(user, plan_year), arranged_amount__isnull=True
    ).aggregate(n=Count("id"), money=Sum("declaration__approval_opinion__approved_amount"))
    year = plan_year or get_policy().intake.current_plan_year(clock.today())
    # One row per contract in force (its amount and what was paid on it): PostgreSQL cannot sum an aggregate.
    to_pay = list(contracts_to_pay(user, year).order_by().values_list("amount", "paid"))
    library = _url("intake:budget_library", year=plan_year)
    return {
        "rows": [
            {
                "key": "to_place",
                "label": "复核通过，待纳入部门预算项目库",
                "count": approved["n"],
                "money": _wan(approved["money"]),
                "url": _url("intake:declaration_list", stage="approved", plan_year=plan_year),
            },
            {
                "key": "to_arrange",
                "label": "已入库，待登记年度安排资金",
                "count": entries["n"],
                "money": _wan(entries["money"]),
                "url": library,
            },
            {
                "key": "to_pay",
                "label": "履行中的合同，尚有资金待拨付",
                "count": len(to_pay),
                "money": sum((_wan(amount) - _wan(paid) for amount, paid in to_pay), ZERO),
                "url": _url("procurement:project_list"),
            },
        ]
    }


def audit_duties(user, plan_year: int | None) -> dict:
    """第七条(二), 第二十一条: what Audit was asked and what it answered — its initial-review and joint-review
    opinions, and the final audits of accepted projects. Two queries."""
    invitations = ReviewInvitation.objects.filter(party="audit")
    if not user.roles & OFFICE_ROLES:
        invitations = invitations.filter(reviewer=user)
    if plan_year:
        invitations = invitations.filter(declaration__plan_year__year=plan_year)
    asked = invitations.aggregate(
        asked=Count("id"),
        answered=Count("id", filter=Q(submitted_at__isnull=False)),
        overdue=Count("id", filter=Q(submitted_at__isnull=True, due_date__lt=clock.today())),
    )
    audits = FinalAudit.objects.filter(project__in=operation_projects_visible_to(user)).aggregate(
        open=Count("id", filter=Q(stage="open")), closed=Count("id", filter=Q(stage="closed"))
    )
    invitation_url = reverse("intake:invitation_list")
    audit_url = reverse("operations:final_audit_list")
    return {
        "rows": [
            {"key": "asked", "label": "征询审计局意见（初审、会审）", "count": asked["asked"], "url": invitation_url},
            {"key": "answered", "label": "已提交意见", "count": asked["answered"], "url": invitation_url},
            {"key": "open_asked", "label": "尚未提交意见", "count": asked["asked"] - asked["answered"],
             "url": invitation_url},
            {"key": "overdue", "label": "其中已过意见截止日期", "count": asked["overdue"], "url": invitation_url},
            {"key": "audit_open", "label": "竣工决算审计中", "count": audits["open"],
             "url": _url("operations:final_audit_list", stage="open")},
            {"key": "audit_closed", "label": "竣工决算审计已办结", "count": audits["closed"],
             "url": _url("operations:final_audit_list", stage="closed")},
        ],
        "audit_url": audit_url,
    }  # fmt: skip


# The page -------------------------------------------------------------------------------------------------


def _bar(chart_id: str, title: str, categories: list[str], series: list[tuple[str, list]], urls: list[str]) -> dict:
    """The JSON a chart is drawn from (egovpm/static/js/cockpit.js): numbers as strings of two decimals are
    turned to numbers there; `urls` is where a click on each category leads."""
    return {
        "id": chart_id,
        "title": title,
        "categories": categories,
        "series": [{"name": name, "data": [str(v) for v in values]} for name, values in series],
        "urls": urls,
    }


def cockpit(user, *, plan_year: int | None) -> dict:
    """Everything the cockpit page and the API show to this user: the Office every section, Finance and
    Audit the money and their own duties."""
    office = bool(user.roles & OFFICE_ROLES)
    context: dict = {"plan_year": plan_year, "office": office, "charts": []}
    charts = context["charts"]
    if office:
        context["pipeline"] = pipeline(user, plan_year)
        declarations = context["pipeline"][0]
        charts.append(
            _bar(
                "chart-pipeline",
                "年度计划申报各阶段项目数",
                [r["label"] for r in declarations["rows"]],
                [
                    ("项目数", [r["count"] for r in declarations["rows"]]),
                ],
                [r["url"] for r in declarations["rows"]],
            )
        )
        context["overdue"] = overdue_by_unit(user)
        context["infrastructure"] = infrastructure_decisions(user, plan_year)
    context["departments"] = money_by_department(user, plan_year)
    rows = context["departments"]["rows"]
    charts.append(
        _bar(
            "chart-departments",
            "各部门申请、核定、安排和拨付资金（万元）",
            [r["unit"].short_name or r["unit"].name for r in rows],
            [(label, [r[key] for r in rows]) for key, label in MONEY_SERIES],
            [r["url"] for r in rows],
        )
    )
    context["sources"] = money_by_source(user, plan_year)
    rows = context["sources"]["rows"]
    charts.append(
        _bar(
            "chart-sources",
            "按资金来源的申请和拨付资金（万元）",
            [r["label"] for r in rows],
            [("申请资金", [r["requested"] for r in rows]), ("已拨付", [r["paid"] for r in rows])],
            [r["url"] for r in rows],
        )
    )
    context["estimate_use"] = estimate_use(user)
    if user.has_role(Role.FINANCE_REVIEWER) or office:
        context["finance"] = finance_duties(user, plan_year)
    if user.has_role(Role.AUDIT_REVIEWER) or office:
        context["audit"] = audit_duties(user, plan_year)
    return context


MONEY_SERIES = (("requested", "申请资金"), ("approved", "核定投资"), ("arranged", "安排资金"), ("paid", "已拨付"))
