"""The decisions with a page of their own that both procedures take, one view and one template each: start the
review (第七条(二) initial review, 第九条(三) joint review), pass it with the numbered written opinion (第七条(四),
第九条(四)) and record the funds arranged (第七条(五), 第九条(四)). The URL names the transition; its label, article
and who may take it are the declaration's workflow's (the lifecycle table), its form is the procedure's."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from egovpm.intake import selectors, selectors_plan, selectors_review, selectors_special
from egovpm.intake.forms.plan import BudgetArrangeForm
from egovpm.intake.forms.reexamine import ReReviewApproveForm
from egovpm.intake.forms.review import InitialReviewStartForm
from egovpm.intake.forms.special import JointReviewStartForm, SpecialApproveForm, SpecialFundsArrangeForm
from egovpm.intake.models import Procedure
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.projects import engine
from egovpm.security.http import roles_required, run_service

from .detail import get_declaration_or_404

# Each action's form, whose cleaned data the service the table names takes, and what the user is told.
APPROVE = {
    "approve": (ReReviewApproveForm, "复核通过，已出具书面意见。"),
    "approve_special": (SpecialApproveForm, "会审通过，已出具书面意见。"),
}
ARRANGE = {
    "arrange_funds": (BudgetArrangeForm, "已登记“{name}”的年度安排资金。"),
    "arrange_special_funds": (SpecialFundsArrangeForm, "已登记“{name}”的安排资金。"),
}
START_REVIEW = {
    "start_initial_review": (InitialReviewStartForm, "已纳入初审，并邀请 {count} 位财政、审计人员或专家提出意见。"),
    "start_joint_review": (JointReviewStartForm, "已组织会审，并邀请 {count} 位有关部门人员或专家提出会审意见。"),
}


def offered_action(user, declaration, name: str):
    """The lifecycle action `name` as the table offers it to this user now, or None."""
    return next((a for a in engine.available_actions(user=user, obj=declaration) if a.transition.action == name), None)


def _declaration_and_transition(request, pk: int, action: str):
    """The declaration (404 unless the user sees it) and `action` of its workflow (404 when its procedure
    has no such step: a general declaration has no joint review)."""
    decl = get_declaration_or_404(request, pk)
    if not decl.workflow.has_step(action):
        raise Http404("该项目的申报程序没有这个操作。")
    return decl, decl.workflow.transition(action)


def _page(decl, transition, form, **context) -> dict:
    return {
        "declaration": decl,
        "transition": transition,
        "special": decl.procedure == Procedure.SPECIAL,
        "form": form,
        **context,
    }


@roles_required(Role.OFFICE_HEAD)
def approval_opinion_issue(request, pk: int, action: str):
    """Pass the re-review or the joint review: the written opinion and the approved investment (万元)."""
    decl, t = _declaration_and_transition(request, pk, action)
    form_class, success = APPROVE[action]
    form = form_class(
        request.POST if request.method == "POST" else None, initial={"approved_amount": decl.total_investment}
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            engine.service_of(t),
            form=form,
            success=success,
            actor=request.user,
            declaration=decl,
            **form.cleaned_data,
        )
        if ok:
            return redirect("intake:approval_opinion", pk=decl.pk)
    context = selectors.declaration_page_context(request.user, decl)
    if decl.procedure == Procedure.SPECIAL:
        context["request_letter"] = selectors_special.special_request_of(decl)
    context.update(_page(decl, t, form, action=offered_action(request.user, decl, action)))
    return render(request, "intake/approval_opinion_issue.html", context)


@roles_required(Role.FINANCE_REVIEWER)
def funds_arrange(request, pk: int, action: str):
    """Record the amount (万元) arranged for a project: of the budget project library's plan year (第七条(五)),
    or on the unit's application with the written opinion (第九条(四))."""
    decl, t = _declaration_and_transition(request, pk, action)
    form_class, success = ARRANGE[action]
    special = decl.procedure == Procedure.SPECIAL
    opinion = selectors_plan.approval_opinion_of(decl)
    # 第九条(四): the funds arranged do not exceed the investment the written opinion approved.
    if special:
        amount = min(decl.current_fiscal, opinion.approved_amount) if opinion else None
    else:
        amount = decl.current_fiscal
    form = form_class(request.POST if request.method == "POST" else None, initial={"amount": amount})
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            engine.service_of(t),
            form=form,
            success=success.format(name=decl.project.name),
            actor=request.user,
            declaration=decl,
            **form.cleaned_data,
        )
        if ok:
            if special:
                return redirect("intake:declaration_detail", pk=decl.pk)
            return redirect("intake:budget_library")
    context = _page(decl, t, form, opinion=opinion, action=offered_action(request.user, decl, action))
    if not special:
        context["budget_entry"] = selectors.budget_entry_of(decl)
    return render(request, "intake/funds_arrange.html", context)


@roles_required(*OFFICE_ROLES)
def review_start(request, pk: int, action: str):
    """Start the initial or the joint review of a declaration and invite its parties."""
    decl, t = _declaration_and_transition(request, pk, action)
    # The lifecycle table decides whether the review may start now.
    allowed, why = engine.may(request.user, decl, action)
    if not allowed:
        messages.error(request, why)
        return redirect("intake:declaration_detail", pk=decl.pk)
    form_class, success = START_REVIEW[action]
    form_kwargs = {"reviewers": selectors_review.reviewer_users()}
    context = {"candidate_groups": selectors_review.reviewer_candidates()}
    initial = {}
    if decl.procedure == Procedure.SPECIAL:
        context["request_letter"] = selectors_special.special_request_of(decl)
    else:
        rounds = selectors_review.review_rounds_of(decl.plan_year)
        form_kwargs["review_rounds"] = rounds
        context["has_rounds"] = rounds.exists()
        if request.method != "POST":
            rounds_list = list(rounds)
            initial["review_round"] = request.GET.get("round") or (rounds_list[0].pk if len(rounds_list) == 1 else None)
    form = form_class(request.POST if request.method == "POST" else None, initial=initial, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "reviewers": list(form.cleaned_data["reviewers"])}
        ok, _ = run_service(
            request,
            engine.service_of(t),
            form=form,
            success=success.format(count=len(data["reviewers"])),
            actor=request.user,
            declaration=decl,
            **data,
        )
        if ok:
            return redirect("intake:declaration_detail", pk=decl.pk)
    context.update(_page(decl, t, form, selected_ids=form.selected_reviewer_ids()))
    return render(request, "intake/review_start.html", context)
