"""Reads of intake, always through what the user may see (第四条: a unit sees its own and its
subordinates' projects; the Office, Finance and Audit see what reached the Office; an expert sees
only what is assigned)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q, QuerySet

from egovpm.intake.models import Declaration, ReviewInvitation
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.orgs.models import Unit
from egovpm.policy.domain import deadline_open

# Stages the Office and the bureaus see: everything that has reached the Office.
BEFORE_OFFICE = ("draft", "awaiting_consent")


def visible_unit_ids(user) -> set[int]:
    if user.unit_id is None:
        return set()
    cache = getattr(user, "_visible_units", None)
    if cache is None:
        cache = user._visible_units = user.unit.descendant_ids()
    return cache


def declarations_visible_to(user) -> QuerySet[Declaration]:
    qs = Declaration.objects.all()
    if not user.is_authenticated:
        return qs.none()
    cond = Q(pk__in=[])
    if user.roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}):
        cond |= ~Q(stage__in=BEFORE_OFFICE)
    if user.roles & APPLICANT_ROLES and user.unit_id:
        cond |= Q(unit_id__in=visible_unit_ids(user))
    if user.has_role(Role.SUPERVISOR_APPROVER) and user.unit_id:
        # a supervising department sees its subordinates' declarations once sent to it
        cond |= Q(unit_id__in=visible_unit_ids(user) - {user.unit_id}) & ~Q(stage="draft")
        cond |= Q(unit_id=user.unit_id) & ~Q(stage="draft")
    if user.roles & {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER, Role.EXPERT}:
        cond |= Q(pk__in=ReviewInvitation.objects.filter(reviewer=user).values("declaration_id"))
    return qs.filter(cond)


def declaration_list(
    user,
    *,
    plan_year: int | None = None,
    stage: str = "",
    unit_id: int | None = None,
    nature: str = "",
    q: str = "",
    category: str = "",
) -> QuerySet[Declaration]:
    qs = declarations_visible_to(user).select_related("project", "unit", "plan_year")
    if plan_year:
        qs = qs.filter(plan_year__year=plan_year)
    if stage:
        qs = qs.filter(stage=stage)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if nature:
        qs = qs.filter(nature=nature)
    if category:  # 第三条
        qs = qs.filter(project__category=category)
    if q:
        qs = qs.filter(Q(project__name__icontains=q) | Q(project__code__icontains=q))
    return qs.order_by("-plan_year__year", "project__code")


def declaration_get(user, pk: int) -> Declaration | None:
    """The declaration if this user may see it, else None (the view answers 404)."""
    return (
        declarations_visible_to(user)
        .select_related("project", "unit", "unit__parent", "plan_year", "review_round")
        .filter(pk=pk)
        .first()
    )


def invitations_for(user) -> QuerySet[ReviewInvitation]:
    return ReviewInvitation.objects.filter(reviewer=user).select_related(
        "declaration", "declaration__project", "declaration__unit", "declaration__plan_year"
    )


def stage_counts(user, plan_year: int | None = None) -> dict[str, int]:
    """Declarations of the general procedure per stage (the special procedure has its own list)."""
    qs = declarations_visible_to(user).filter(procedure="general")
    if plan_year:
        qs = qs.filter(plan_year__year=plan_year)
    return dict(qs.order_by().values_list("stage").annotate(n=Count("id")))


def units_visible_to(user) -> QuerySet[Unit]:
    if user.roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}):
        return Unit.objects.filter(kind="department")
    return Unit.objects.filter(pk__in=visible_unit_ids(user))


def can_see_review_opinions(user, declaration: Declaration) -> bool:
    """Individual opinions of Finance, Audit and experts are for the Office and the reviewers;
    the unit receives the Office's conclusion (第七条(二))."""
    return bool(user.roles & (OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER, Role.EXPERT}))


def declaration_page_context(user, declaration: Declaration) -> dict:
    """Everything the sections of the declaration page show, in a fixed number of queries."""
    documents = list(declaration.documents.select_related("uploaded_by").order_by("kind", "-version"))
    current_documents = {}
    for doc in documents:
        current_documents.setdefault(doc.kind, doc)
    invitations = list(declaration.invitations.select_related("reviewer", "reviewer__unit"))
    return {
        "documents": documents,
        "current_documents": current_documents,
        "proposal": _one(declaration, "proposal"),
        "invitations": invitations if can_see_review_opinions(user, declaration) else [],
        "my_invitation": next((i for i in invitations if i.reviewer_id == user.pk), None),
        "procurement_items": list(declaration.procurement_items.all()),
        "catalog_entries": list(declaration.catalog_entries.all()),
        "approval_opinion": _one(declaration, "approval_opinion"),
        "budget_entry": _one(declaration, "budget_entry"),
        **application_section(user, declaration),
    }


def _one(obj, relation: str):
    """The object at the end of a one-to-one relation, or None."""
    try:
        return getattr(obj, relation)
    except ObjectDoesNotExist:
        return None


# 第七条(二) initial review: rounds, the parties that may be invited, the centralized procurement plan.
# Models are imported inside the functions so that this block only appends to the module.

# Projects that will not be built bring nothing to the centralized procurement plan.
PROCUREMENT_PLAN_EXCLUDED_STAGES = ("not_arranged", "returned")


def review_round_list() -> QuerySet:
    """Every initial-review round with its numbers: declarations, invitations and opinions submitted."""
    from egovpm.intake.models import ReviewRound

    submitted = Q(declarations__invitations__submitted_at__isnull=False)
    return (
        ReviewRound.objects.select_related("plan_year", "opened_by")
        .annotate(
            declaration_count=Count("declarations", distinct=True),
            invitation_count=Count("declarations__invitations", distinct=True),
            opinion_count=Count("declarations__invitations", filter=submitted, distinct=True),
        )
        .order_by("-plan_year__year", "-opened_at", "-id")
    )


def review_round_get(pk: int):
    """The round, or None."""
    from egovpm.intake.models import ReviewRound

    return ReviewRound.objects.select_related("plan_year", "opened_by").filter(pk=pk).first()


def review_rounds_of(plan_year) -> QuerySet:
    from egovpm.intake.models import ReviewRound

    return ReviewRound.objects.filter(plan_year=plan_year).order_by("-opened_at", "-id")


def plan_year_choices() -> QuerySet:
    from egovpm.intake.models import PlanYear

    return PlanYear.objects.order_by("-year")


def round_declarations(user, review_round) -> QuerySet[Declaration]:
    """The declarations of a round the user may see, each with `invitation_count` and `opinion_count`."""
    return (
        declarations_visible_to(user)
        .filter(review_round=review_round)
        .select_related("project", "unit")
        .annotate(
            invitation_count=Count("invitations"),
            opinion_count=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
        )
        .order_by("project__code")
    )


def declarations_awaiting_initial_review(user, plan_year) -> QuerySet[Declaration]:
    """Submitted declarations of the plan year that are in no round yet."""
    return (
        declarations_visible_to(user)
        .filter(plan_year=plan_year, stage="submitted", review_round__isnull=True)
        .select_related("project", "unit")
        .order_by("submitted_at", "project__code")
    )


def reviewer_users() -> QuerySet:
    """Users who may be invited to an initial review: Finance, Audit and experts (第七条(二))."""
    from egovpm.intake.services.review import PARTY_OF_ROLE
    from egovpm.orgs.models import User

    return (
        User.objects.filter(is_active=True, role_grants__role__in=[str(r) for r in PARTY_OF_ROLE])
        .distinct()
        .order_by("username")
    )


def reviewer_candidates() -> list[dict]:
    """The invitable users grouped by party, in the regulation's order: 市财政局, 市审计局, 专家.
    Each group is {"party", "label", "users"}; one query."""
    from egovpm.intake.services.review import PARTY_OF_ROLE
    from egovpm.orgs.models import RoleGrant

    groups = {party: {"party": party.value, "label": party.label, "users": []} for party in PARTY_OF_ROLE.values()}
    grants = (
        RoleGrant.objects.filter(role__in=[str(r) for r in PARTY_OF_ROLE], user__is_active=True)
        .select_related("user", "user__unit")
        .order_by("user__username")
    )
    for grant in grants:
        groups[PARTY_OF_ROLE[grant.role]]["users"].append(grant.user)
    return list(groups.values())


def invitation_get(user, pk: int):
    """The user's own invitation, or None: only the invited reviewer opens it."""
    return invitations_for(user).filter(pk=pk).first()


def procurement_item_get(user, pk: int):
    """A centralized-procurement item of a declaration the user may see, or None."""
    from egovpm.intake.models import ProcurementItem

    return (
        ProcurementItem.objects.select_related("declaration")
        .filter(pk=pk, declaration__in=declarations_visible_to(user))
        .first()
    )


def central_procurement_plan(review_round) -> dict:
    """第七条(二): the common equipment and software of a round's projects, gathered by (category, name,
    specification), with the total quantity and estimated amount (万元) and the projects that need
    each; plus the grand total. One query."""
    from decimal import Decimal

    from egovpm.intake.models import ProcurementItem

    items = (
        ProcurementItem.objects.filter(declaration__review_round=review_round)
        .exclude(declaration__stage__in=PROCUREMENT_PLAN_EXCLUDED_STAGES)
        .select_related("declaration__project", "declaration__unit")
        .order_by("category", "name", "specification", "declaration__project__code", "id")
    )
    rows: dict[tuple[str, str, str], dict] = {}
    for item in items:
        key = (item.category, item.name.strip(), item.specification.strip())
        row = rows.setdefault(
            key,
            {
                "category": item.category,
                "category_label": item.get_category_display(),
                "name": key[1],
                "specification": key[2],
                "quantity": 0,
                "amount": Decimal("0.00"),
                "items": [],
            },
        )
        row["quantity"] += item.quantity
        row["amount"] += item.estimated_amount
        row["items"].append(item)
    plan_rows = list(rows.values())
    return {
        "rows": plan_rows,
        "quantity": sum(r["quantity"] for r in plan_rows),
        "amount": sum((r["amount"] for r in plan_rows), Decimal("0.00")),
    }


# 第七条(三)(四)(五): the feasibility deadline, the annual plan sent to Finance, the budget project library.
# Models are imported inside the functions so that this block only appends to the module.

# Stages that come after the initial review passed: the feasibility materials are due or were sent.
FEASIBILITY_STAGES = (
    "initially_passed",
    "feasibility_submitted",
    "in_re_review",
    "returned",
    "approved",
    "in_budget_library",
    "funded",
)
# 预审合格项目: passed the re-review (第七条(四)) and on to Finance (第七条(五)).
PRE_APPROVED_STAGES = ("approved", "in_budget_library", "funded")
FUNDING_TOTAL_FIELDS = (
    "total_investment",
    "current_total",
    "current_fiscal",
    "current_self_raised",
    "current_national",
    "current_other",
)


def feasibility_state(user, declaration: Declaration) -> dict:
    """第七条(三) on the declaration page: whether the section applies, the 11-30 due date, whether it has
    passed with the materials still unsent, and whether this user prepares the materials now."""
    from egovpm.core import clock
    from egovpm.policy.loader import get_policy
    from egovpm.projects.engine import is_applicant_of

    due = get_policy().due("feasibility", declaration.plan_year.year)
    pending = declaration.stage == "initially_passed"
    return {
        "shown": declaration.stage in FEASIBILITY_STAGES,
        "due": due,
        "overdue": pending and clock.today() > due,
        "can_prepare": pending and is_applicant_of(user, declaration),
        "materials_required": declaration.nature in get_policy().feasibility_required_natures,
    }


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
    from egovpm.lifecycle.table import DECLARATION

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
    return list(plan_year.transmissions.select_related("sent_by", "sent_by__unit").order_by("-sent_at", "-id"))


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


# 第七条(一) declaring: the open windows, the unit's projects to declare again, what is still missing
# before submit, and the supervising department's refusal. Models are imported inside the functions
# so that this block only appends to the module.


def declaration_windows() -> tuple[list, str]:
    """The plan years whose general declaration window is open today (第七条(一)), oldest first, and,
    when none is, the Chinese reason (the closed window points to the special procedure)."""
    from egovpm.core import clock
    from egovpm.intake.models import PlanYear
    from egovpm.policy.loader import get_policy

    policy, today = get_policy(), clock.today()
    years = list(PlanYear.objects.order_by("year"))
    verdicts = [(py, *deadline_open("declaration", py.year, today, policy)) for py in years]
    open_years = [py for py, open_, _ in verdicts if open_]
    if open_years:
        return open_years, ""
    if not verdicts:
        return [], "办公室尚未开放年度计划申报。"
    return [], verdicts[-1][2]


def projects_to_declare_again(user, plan_year):
    """The user's unit's projects without a declaration for `plan_year` (续建、结转、维护…)."""
    from egovpm.projects.models import Project

    if user.unit_id is None or plan_year is None:
        return Project.objects.none()
    declared = Declaration.objects.filter(plan_year=plan_year, procedure="general").values("project_id")
    return Project.objects.filter(unit_id=user.unit_id).exclude(pk__in=declared).order_by("code")


def latest_declaration_of(project) -> Declaration | None:
    """The project's most recent declaration (to prefill the form of the next year)."""
    return Declaration.objects.filter(project=project).select_related("project").order_by("-plan_year__year").first()


def proposal_of(declaration: Declaration):
    """The project proposal (附件2) filled online, or None."""
    return _one(declaration, "proposal")


def declaration_missing_materials(declaration: Declaration) -> list[str]:
    """第七条(一): what the declaration still lacks before it may be submitted (Chinese, one per line)."""
    from egovpm.intake import domain
    from egovpm.intake.workflow import materials
    from egovpm.policy.loader import get_policy

    return domain.declaration_material_problems(declaration.nature, materials(declaration), get_policy())


def last_refusal(declaration: Declaration):
    """The supervising department's last refusal of consent (an audit event with its reason), or None."""
    from egovpm.audit.selectors import audit_events_for

    return audit_events_for(declaration).filter(action="declaration.refuse_consent").last()


def application_editable(user, declaration: Declaration) -> tuple[bool, str]:
    """(may prepare, why not): the applicant unit prepares its draft's form and materials. Display
    only: the services enforce the same rule."""
    if user.unit_id != declaration.unit_id or not user.roles & APPLICANT_ROLES:
        return False, "只有申报单位可以填写或修改申报材料。"
    if declaration.stage != "draft":
        return False, "申报已报送，申报表和项目建议书不能再修改。"
    return True, ""


def application_section(user, declaration: Declaration) -> dict:
    """The 第七条(一) part of the declaration page: the checklist and the refusal while it is a draft."""
    editable, _ = application_editable(user, declaration)
    draft = declaration.stage == "draft"
    return {
        "can_prepare": editable,
        "missing_materials": declaration_missing_materials(declaration) if editable else [],
        "last_refusal": last_refusal(declaration) if draft else None,
    }


def budget_entry_of(declaration: Declaration):
    """The project's entry in Finance's budget project library (第七条(五)), or None."""
    return _one(declaration, "budget_entry")
