"""Reads of the special procedure (第八条, 第九条), always through what the user may see
(intake.selectors.declarations_visible_to): the list, the declaration page's section, the Office's
exceptions, and the to-do items of each party."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.core import clock
from egovpm.documents.models import DocumentKind
from egovpm.intake import selectors
from egovpm.intake.models import Declaration, PlanYear, Procedure, ReviewInvitation, SpecialException
from egovpm.lifecycle.agenda import TodoItem
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, REVIEWER_ROLES, Role
from egovpm.lifecycle.workflows import SPECIAL
from egovpm.orgs.models import Unit
from egovpm.projects.models import Project

# Finance meets a special application once the written opinion exists (第九条(四)).
FINANCE_STAGES = ("approved", "funds_applied", "funded")


def special_declarations(user, *, stage: str = "", plan_year: int | None = None) -> QuerySet[Declaration]:
    """The special applications the user works on: the applicant unit's own (drafts included), every
    one that reached the Office, and for Finance those with a written opinion. One query."""
    qs = (
        selectors.declarations_visible_to(user)
        .filter(procedure=Procedure.SPECIAL)
        .select_related("project", "unit", "plan_year", "special_request", "approval_opinion", "budget_entry")
    )
    if not user.roles & (OFFICE_ROLES | APPLICANT_ROLES):
        qs = qs.filter(stage__in=FINANCE_STAGES)
    if stage:
        qs = qs.filter(stage=stage)
    if plan_year:
        qs = qs.filter(plan_year__year=plan_year)
    return qs.order_by("-plan_year__year", "-created_at", "-id")


def declaration_list(user, *, procedure: str = "", **filters) -> QuerySet[Declaration]:
    """intake.selectors.declaration_list, narrowed to one procedure (一般/特殊) when given."""
    qs = selectors.declaration_list(user, **filters)
    return qs.filter(procedure=procedure) if procedure else qs


def special_plan_years() -> QuerySet[PlanYear]:
    """Plan years a special application may be made for: the current year and later ones. There is
    no window: the procedure serves those who could not declare in time (第八条(一))."""
    return PlanYear.objects.filter(year__gte=clock.today().year).order_by("year")


def projects_of_unit(user) -> QuerySet[Project]:
    """The user's unit's projects (a special application may concern an existing matter)."""
    if user.unit_id is None:
        return Project.objects.none()
    return Project.objects.filter(unit_id=user.unit_id).order_by("code")


def special_request_of(declaration: Declaration):
    """The application letter of a special declaration, or None."""
    return selectors._one(declaration, "special_request")


def special_exceptions() -> QuerySet[SpecialException]:
    """Every exception the Office recorded (第八条(二)), with the application that used it. One query."""
    return SpecialException.objects.select_related(
        "unit", "plan_year", "project", "granted_by", "used_by", "used_by__declaration"
    ).order_by("-granted_at", "-id")


def exception_choices() -> dict:
    """What the Office picks an exception from: departments, plan years, and the matters (projects)
    that already have a special application."""
    return {
        "units": Unit.objects.filter(kind="department").order_by("code"),
        "plan_years": PlanYear.objects.order_by("-year"),
        "projects": Project.objects.filter(
            pk__in=Declaration.objects.filter(procedure=Procedure.SPECIAL).exclude(stage="draft").values("project_id")
        )
        .select_related("unit")
        .order_by("code"),
    }


def special_section(user, declaration: Declaration) -> dict:
    """The declaration page's special-procedure section: the letter, the record of its steps, what the
    applicant may prepare now, and whether 第八条(二)'s limit stands in the way of a draft."""
    from egovpm.intake.workflow import special_allowance
    from egovpm.projects.engine import is_applicant_of, steps_of, upload_kinds

    applicant = is_applicant_of(user, declaration)
    draft = declaration.stage == "draft"
    # 第九条: the refusals and the adjustments of the procedure, with the reasons the parties gave
    steps = list(
        steps_of(declaration, "refuse_special_start", "reject_special", "request_adjustment", "resubmit_adjusted")
        .filter(workflow=SPECIAL.name)
        .select_related("actor", "actor__unit")
    )
    request = special_request_of(declaration)
    allowance = special_allowance(declaration) if applicant and draft else None
    offered = upload_kinds(user, declaration) if applicant else set()
    return {
        "request": request,
        "exception": request.exception if request and request.exception_id else None,
        "refusals": [s for s in steps if s.action in ("refuse_special_start", "reject_special")],
        "adjustments": [s for s in steps if s.action in ("request_adjustment", "resubmit_adjusted")],
        "can_prepare": applicant and draft,
        "limit_reached": allowance is False,
        "uses_exception": allowance not in (None, False),
        "uploads": [(value, label) for value, label in DocumentKind.choices if value in offered],
        "can_see_opinions": selectors.can_see_review_opinions(user, declaration),
    }


def _latest_reasons(declarations: list[Declaration], action: str) -> dict[int, str]:
    """The reason of the latest audit event `action` of each declaration. One query."""
    if not declarations:
        return {}
    reasons: dict[int, str] = {}
    for object_id, reason in (
        AuditEvent.objects.filter(
            object_type=Declaration._meta.label_lower,
            object_id__in=[str(d.pk) for d in declarations],
            action=action,
        )
        .order_by("seq")
        .values_list("object_id", "reason")
    ):
        reasons[int(object_id)] = reason
    return reasons


def todo_items_special(user) -> list:
    """What waits for `user` in the special procedure (cockpit TodoItems): the unit's letters,
    materials, adjustments and funds application; the Office's decisions, joint reviews and
    conclusions; Finance's funds to arrange; invited reviewers' joint-review opinions. A fixed number
    of queries per role."""
    if not user.is_authenticated:
        return []
    today = clock.today()
    items: list[TodoItem] = []

    def detail(d: Declaration) -> str:
        return reverse("intake:declaration_detail", kwargs={"pk": d.pk})

    def item(d: Declaration, group: str, action: str, article: str, *, url: str = "", note: str = "", **kw):
        due = kw.pop("due", None)
        return TodoItem(
            group=group,
            title=d.project.name,
            action=action,
            url=url or detail(d),
            due=due,
            overdue=due is not None and due < today,
            declaration=d,
            note=note,
            article=article,
            **kw,
        )

    visible = (
        selectors.declarations_visible_to(user)
        .filter(procedure=Procedure.SPECIAL)
        .select_related("project", "unit", "plan_year", "special_request", "approval_opinion")
    )
    if user.roles & APPLICANT_ROLES and user.unit_id:
        rows = list(
            visible.filter(
                unit_id=user.unit_id, stage__in=("draft", "materials_requested", "adjustment_requested", "approved")
            )
        )
        adjustments = _latest_reasons(
            [d for d in rows if d.stage == "adjustment_requested"], "special.request_adjustment"
        )
        for d in rows:
            if d.stage == "draft":
                t = SPECIAL.transition("submit_special_request")
                items.append(item(d, "applicant", f"完善并{t.label}", t.article))
            elif d.stage == "materials_requested":
                t = SPECIAL.transition("submit_special_materials")
                note = f"办公室要求报送的材料：{d.special_request.required_materials}"
                items.append(item(d, "applicant", f"上传并{t.label}", t.article, note=note))
            elif d.stage == "adjustment_requested":
                t = SPECIAL.transition("resubmit_adjusted")
                note = f"会审调整意见：{adjustments.get(d.pk, '')}"
                items.append(item(d, "applicant", f"按会审意见调整项目，{t.label}", t.article, note=note))
            else:
                t = SPECIAL.transition("apply_special_funds")
                note = f"书面意见 {d.approval_opinion.number}"
                items.append(item(d, "applicant", t.label, t.article, note=note))
    if user.roles & OFFICE_ROLES:
        pending = Q(invitations__submitted_at__isnull=True)
        rows = list(
            visible.filter(stage__in=("requested", "materials_submitted", "in_joint_review")).annotate(
                pending=Count("invitations", filter=pending),
                pending_due=Max("invitations__due_date", filter=pending),
            )
        )
        for d in rows:
            if d.stage == "requested":
                t = SPECIAL.transition("agree_special_start")
                refuse = SPECIAL.transition("refuse_special_start")
                items.append(item(d, "office", f"审查启动特殊申报程序申请书：{t.label}，或{refuse.label}", t.article))
            elif d.stage == "materials_submitted":
                t = SPECIAL.transition("start_joint_review")
                url = reverse("intake:joint_review_start", kwargs={"pk": d.pk})
                items.append(item(d, "office", f"指定材料已报送：{t.label}，邀请有关部门和专家", t.article, url=url))
            elif d.pending:
                items.append(
                    item(
                        d,
                        "office",
                        f"等待会审意见：尚有 {d.pending} 份未提交",
                        "第九条(三)",
                        due=d.pending_due,
                        kind="waiting",
                    )
                )
            else:
                items.append(
                    item(
                        d,
                        "office",
                        "会审意见已齐：会审通过并出具书面意见、要求按会审意见调整，或会审不通过",
                        "第九条(三)",
                    )
                )
    if user.has_role(Role.FINANCE_REVIEWER):
        t = SPECIAL.transition("arrange_special_funds")
        for d in visible.filter(stage="funds_applied"):
            url = reverse("intake:special_funds_arrange", kwargs={"pk": d.pk})
            note = f"书面意见 {d.approval_opinion.number}，核定投资 {d.approval_opinion.approved_amount:.2f} 万元"
            items.append(item(d, "finance", t.label, t.article, url=url, note=note))
    if user.roles & REVIEWER_ROLES:
        invitations = ReviewInvitation.objects.filter(
            reviewer=user, submitted_at__isnull=True, declaration__stage="in_joint_review"
        ).select_related("declaration", "declaration__project", "declaration__unit", "declaration__plan_year")
        for inv in invitations:
            items.append(
                item(
                    inv.declaration,
                    "invitation",
                    f"提交会审意见（{inv.get_party_display()}）",
                    "第九条(三)",
                    url=reverse("intake:invitation_detail", kwargs={"pk": inv.pk}),
                    due=inv.due_date,
                    invitation=inv,
                )
            )
    return items
