"""Reads of intake, always through what the user may see (第四条: a unit sees its own and its
subordinates' projects; the Office, Finance and Audit see what reached the Office; an expert sees
only what is assigned)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from egovpm.experts.selectors import review_panel
from egovpm.intake.models import Declaration, ReviewInvitation
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.official.selectors import issued_for
from egovpm.orgs.models import Unit
from egovpm.policy.domain import deadline_open, is_past
from egovpm.projects.engine import may

EXPERT_PANEL_ROLES = OFFICE_ROLES | {Role.FINANCE_REVIEWER, Role.AUDIT_REVIEWER}
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
    sort: str = "",
) -> QuerySet[Declaration]:
    """The declarations the user sees, filtered; `q` searches (ranked, see `search`); `sort` is a key of
    SORTS, "-" first for descending."""
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
    order = ("-plan_year__year", "project__code", "id")
    key = sort.removeprefix("-")
    if key in SORTS:
        order = tuple(("-" if sort.startswith("-") else "") + f for f in SORTS[key]) + ("id",)
    if q:
        qs = search(qs, q)
        if key not in SORTS:
            order = ("search_rank", *order)
    return qs.order_by(*order)


# The list's sort keys (the column headers link to them).
SORTS = {
    "code": ("project__code",),
    "name": ("project__name",),
    "unit": ("unit__code",),
    "year": ("plan_year__year",),
    "amount": ("current_total",),
    "stage": ("stage",),
}
# Search ranks: an exact number first, then the name, the unit, the content (建设目的和内容).
EXACT_CODE, IN_NAME, IN_UNIT, IN_CONTENT = range(4)


def search(qs: QuerySet[Declaration], q: str) -> QuerySet[Declaration]:
    """Declarations whose project number, name, unit (full or short name) or content contains `q` (substring
    matching, so Chinese needs no word segmentation; on PostgreSQL the trigram indexes of migration
    intake 0010 serve it), annotated with `search_rank` (EXACT_CODE … IN_CONTENT)."""
    in_code = Q(project__code__icontains=q)
    in_name = Q(project__name__icontains=q)
    in_unit = Q(unit__name__icontains=q) | Q(unit__short_name__icontains=q)
    in_content = Q(purpose_and_content__icontains=q)
    return qs.filter(in_code | in_name | in_unit | in_content).annotate(
        search_rank=Case(
            When(project__code__iexact=q, then=Value(EXACT_CODE)),
            When(in_code | in_name, then=Value(IN_NAME)),
            When(in_unit, then=Value(IN_UNIT)),
            default=Value(IN_CONTENT),
            output_field=IntegerField(),
        )
    )


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
    documents = list(
        declaration.documents.select_related("uploaded_by", "outline_check", "outline_check__accepted_by").order_by(
            "kind", "-version"
        )
    )
    current_documents = {}
    for doc in documents:
        current_documents.setdefault(doc.kind, doc)
    # 附件2, 附件3: the current proposal's and feasibility report's findings nobody has accepted yet
    open_checks = [
        check
        for doc in current_documents.values()
        if (check := outline_check_of(doc)) is not None and check.open_findings
    ]
    invitations = list(declaration.invitations.select_related("reviewer", "reviewer__unit"))
    approval_opinion = _one(declaration, "approval_opinion")
    return {
        "documents": documents,
        "current_documents": current_documents,
        "proposal": _one(declaration, "proposal"),
        "invitations": invitations if can_see_review_opinions(user, declaration) else [],
        "my_invitation": next((i for i in invitations if i.reviewer_id == user.pk), None),
        "procurement_items": list(declaration.procurement_items.all()),
        # 第七条(二): the feasibility report's configuration list, and whether the unit may edit it now
        "configuration_items": list(declaration.configuration_items.order_by("category", "id")),
        "configuration_editable": may(user, declaration, "edit_configuration")[0],
        "catalog_entries": list(declaration.project.catalog_entries.all()),
        "approval_opinion": approval_opinion,
        "opinion_document": issued_for(approval_opinion, "approval_opinion") if approval_opinion else None,
        "review_feedback": issued_for(declaration, "review_feedback") if declaration.initial_opinion else None,
        "budget_entry": _one(declaration, "budget_entry"),
        # 第七条(二), 第九条(三): the drawn experts and their scoring, for the Office, Finance and Audit
        "expert_panel": review_panel(declaration) if user.roles & EXPERT_PANEL_ROLES else None,
        "open_outline_checks": open_checks,
        "may_accept_outline": bool(open_checks) and may(user, declaration, "accept_outline_findings")[0],
        **application_section(user, declaration),
    }


def outline_check_of(document):
    """The outline check of a document (附件2, 附件3), or None for a kind without an outline."""
    return _one(document, "outline_check")


def declaration_outline_check(declaration: Declaration, document_pk: int):
    """The outline check of one of the declaration's documents, or None."""
    from egovpm.documents.models import OutlineCheck

    return (
        OutlineCheck.objects.select_related("document", "document__uploaded_by", "accepted_by")
        .filter(document_id=document_pk, document__in=declaration.documents.all())
        .first()
    )


def _one(obj, relation: str):
    """The object at the end of a one-to-one relation, or None."""
    try:
        return getattr(obj, relation)
    except ObjectDoesNotExist:
        return None


# 第七条(二) initial review: rounds, the parties that may be invited, the centralized procurement plan.
# Models are imported inside the functions so that this block only appends to the module.

# Projects that will not be built bring nothing to the centralized procurement plan.


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


def feasibility_state(user, declaration: Declaration) -> dict:
    """第七条(三) on the declaration page: whether the section applies, the 11-30 due date (or the
    extension the Office granted), whether it has passed with the materials still unsent, and whether
    this user prepares the materials now."""
    from egovpm.core import clock
    from egovpm.policy.loader import get_policy
    from egovpm.projects.engine import is_applicant_of
    from egovpm.projects.selectors import effective_due

    base = get_policy().intake.due("feasibility", declaration.plan_year.year)
    due = effective_due(declaration, "intake.feasibility", base)
    pending = declaration.stage == "initially_passed"
    return {
        "shown": declaration.stage in FEASIBILITY_STAGES,
        "due": due,
        "overdue": pending and is_past(due, clock.today()),
        "can_prepare": pending and is_applicant_of(user, declaration),
        "materials_required": declaration.nature in get_policy().intake.feasibility_required_natures,
    }


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
    verdicts = [(py, *deadline_open("intake.declaration", today, policy, plan_year=py.year)) for py in years]
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
    """The supervising department's last refusal of consent (the engine's step, with its reason), or None."""
    from egovpm.projects.engine import steps_of

    return steps_of(declaration, "refuse_consent").select_related("actor", "actor__unit").last()


def application_editable(user, declaration: Declaration) -> tuple[bool, str]:
    """(may prepare, why not): the table's activity edit (the applicant unit, while a draft)."""
    from egovpm.projects.engine import may

    return may(user, declaration, "edit")


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
