"""第八条, 第九条 pages: the special applications, the application letter, the Office's exceptions, the
joint review, the written opinion and Finance's funds. Views parse input, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from egovpm.intake import selectors, selectors_plan, selectors_review, selectors_special
from egovpm.intake.forms.special import (
    JointReviewStartForm,
    SpecialApplicationForm,
    SpecialApproveForm,
    SpecialCreateForm,
    SpecialExceptionForm,
    SpecialFundsArrangeForm,
)
from egovpm.intake.models import Procedure
from egovpm.intake.services import special as services
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.lifecycle.workflows import SPECIAL
from egovpm.projects import engine
from egovpm.security.http import roles_required, run_service

from .detail import get_declaration_or_404, get_own_declaration_or_404
from .reexamine import offered_action

APPLICANTS = tuple(APPLICANT_ROLES)
OFFICE = tuple(OFFICE_ROLES)


def _special_or_404(declaration):
    if declaration.procedure != Procedure.SPECIAL:
        raise Http404("该项目不是特殊申报程序的申请。")
    return declaration


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@roles_required(*APPLICANTS, *OFFICE, Role.FINANCE_REVIEWER)
def special_list(request):
    user = request.user
    stage = request.GET.get("stage", "")
    if stage not in {s.code for s in SPECIAL.stages}:
        stage = ""
    declarations = selectors_special.special_declarations(user, stage=stage)
    return render(
        request,
        "intake/special_list.html",
        {
            "declarations": declarations,
            "stage": stage,
            "stages": SPECIAL.choices(),
            "can_apply": user.has_role(*APPLICANTS),
            "is_office": bool(user.roles & OFFICE_ROLES),
            "is_finance": user.has_role(Role.FINANCE_REVIEWER),
        },
    )


@roles_required(*APPLICANTS)
def special_create(request):
    user = request.user
    plan_years = selectors_special.special_plan_years()
    projects = selectors_special.projects_of_unit(user)
    initial = {"plan_year": plan_years.first()}
    if request.method == "GET" and request.GET.get("project"):
        project = projects.filter(pk=_int(request.GET["project"])).first()
        if project is not None:
            previous = selectors.latest_declaration_of(project)
            initial.update(SpecialApplicationForm.initial_from(previous) if previous else {"name": project.name})
            initial["project"] = project
    form = SpecialCreateForm(
        request.POST if request.method == "POST" else None, plan_years=plan_years, projects=projects, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        ok, declaration = run_service(
            request,
            services.special_create,
            form=form,
            success="启动特殊申报程序申请书已保存为草稿，请核对后提交办公室。",
            actor=user,
            plan_year=form.cleaned_data["plan_year"],
            name=form.cleaned_data["name"],
            data=form.application_data(),
            project=form.cleaned_data["project"],
            **form.letter_data(),
        )
        if ok:
            return redirect("intake:declaration_detail", pk=declaration.pk)
    return render(
        request,
        "intake/special_form.html",
        {"form": form, "creating": True, "has_plan_years": plan_years.exists(), "has_projects": projects.exists()},
    )


@roles_required(*APPLICANTS)
def special_edit(request, pk: int):
    declaration = _special_or_404(get_own_declaration_or_404(request, pk))
    if request.method != "POST" and declaration.stage != "draft":
        messages.error(request, "申请书已提交，不能再修改。")
        return redirect("intake:declaration_detail", pk=pk)
    form = SpecialApplicationForm(
        request.POST if request.method == "POST" else None, initial=SpecialApplicationForm.initial_from(declaration)
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.special_update,
            form=form,
            success="启动特殊申报程序申请书已保存。",
            actor=request.user,
            declaration=declaration,
            name=form.cleaned_data["name"],
            data=form.application_data(),
            **form.letter_data(),
        )
        if ok:
            return redirect("intake:declaration_detail", pk=pk)
    return render(request, "intake/special_form.html", {"form": form, "declaration": declaration})


@roles_required(*OFFICE)
def special_exception_list(request):
    choices = selectors_special.exception_choices()
    form = SpecialExceptionForm(
        request.POST if request.method == "POST" else None,
        initial={"unit": request.GET.get("unit"), "project": request.GET.get("project")},
        **choices,
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.special_exception_grant,
            form=form,
            success="已记录例外：该单位本年度可就同一事项再次申请启动特殊申报程序。",
            actor=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("intake:special_exception_list")
    return render(
        request,
        "intake/special_exception_list.html",
        {"form": form, "exceptions": selectors_special.special_exceptions()},
    )


@roles_required(*OFFICE)
def joint_review_start(request, pk: int):
    decl = _special_or_404(get_declaration_or_404(request, pk))
    # The lifecycle table decides whether the joint review may start now.
    allowed, why = engine.may(request.user, decl, "start_joint_review")
    if not allowed:
        messages.error(request, why)
        return redirect("intake:declaration_detail", pk=decl.pk)
    form = JointReviewStartForm(
        request.POST if request.method == "POST" else None, reviewers=selectors_review.reviewer_users()
    )
    if request.method == "POST" and form.is_valid():
        reviewers = list(form.cleaned_data["reviewers"])
        ok, _ = run_service(
            request,
            services.joint_review_start,
            form=form,
            success=f"已组织会审，并邀请 {len(reviewers)} 位有关部门人员或专家提出会审意见。",
            actor=request.user,
            declaration=decl,
            reviewers=reviewers,
        )
        if ok:
            return redirect("intake:declaration_detail", pk=decl.pk)
    context = {
        "declaration": decl,
        "form": form,
        "request_letter": selectors_special.special_request_of(decl),
        "candidate_groups": selectors_review.reviewer_candidates(),
        "selected_ids": form.selected_reviewer_ids(),
    }
    return render(request, "intake/joint_review_start.html", context)


@roles_required(Role.OFFICE_HEAD)
def special_approve(request, pk: int):
    """第九条(四): the written opinion on a project that passed the joint review."""
    decl = _special_or_404(get_declaration_or_404(request, pk))
    form = SpecialApproveForm(
        request.POST if request.method == "POST" else None, initial={"approved_amount": decl.total_investment}
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.special_approve,
            form=form,
            success="会审通过，已出具书面意见。",
            actor=request.user,
            declaration=decl,
            opinion=form.cleaned_data["opinion"],
            approved_amount=form.cleaned_data["approved_amount"],
        )
        if ok:
            return redirect("intake:approval_opinion", pk=decl.pk)
    context = selectors.declaration_page_context(request.user, decl)
    context.update(
        declaration=decl,
        form=form,
        request_letter=selectors_special.special_request_of(decl),
        action=offered_action(request.user, decl, "approve_special"),
    )
    return render(request, "intake/special_approve.html", context)


@roles_required(Role.FINANCE_REVIEWER)
def special_funds_arrange(request, pk: int):
    """第九条(四): Finance records the funds arranged on the unit's application with the written opinion."""
    decl = _special_or_404(get_declaration_or_404(request, pk))
    opinion = selectors_plan.approval_opinion_of(decl)
    form = SpecialFundsArrangeForm(
        request.POST if request.method == "POST" else None,
        initial={"amount": min(decl.current_fiscal, opinion.approved_amount) if opinion else None},
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.special_funds_arrange,
            form=form,
            success=f"已登记“{decl.project.name}”的安排资金。",
            actor=request.user,
            declaration=decl,
            amount=form.cleaned_data["amount"],
            library_code=form.cleaned_data["library_code"],
        )
        if ok:
            return redirect("intake:declaration_detail", pk=decl.pk)
    return render(
        request,
        "intake/special_funds_arrange.html",
        {
            "declaration": decl,
            "form": form,
            "opinion": opinion,
            "action": offered_action(request.user, decl, "arrange_special_funds"),
        },
    )
