"""第七条(四) re-review: the Office head passes it with a numbered written opinion; the opinion prints."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render

from egovpm.intake import selectors, selectors_plan, services
from egovpm.intake.forms.reexamine import ReReviewApproveForm
from egovpm.lifecycle.roles import BUSINESS_ROLES, Role
from egovpm.projects import engine
from egovpm.security.http import roles_required, run_service

from .detail import get_declaration_or_404

# Whoever can see the declaration may read its written opinion (declaration_get decides).


def offered_action(user, declaration, name: str):
    """The lifecycle action `name` as the table offers it to this user now, or None."""
    return next((a for a in engine.available_actions(user=user, obj=declaration) if a.transition.action == name), None)


@roles_required(Role.OFFICE_HEAD)
def re_review_approve(request, pk: int):
    """Pass the re-review: the written opinion and the approved investment (万元)."""
    decl = get_declaration_or_404(request, pk)
    form = ReReviewApproveForm(request.POST or None, initial={"approved_amount": decl.total_investment})
    if request.method == "POST" and form.is_valid():
        ok, opinion = run_service(
            request,
            services.re_review_approve,
            form=form,
            success="复核通过，已出具书面意见。",
            actor=request.user,
            declaration=decl,
            opinion=form.cleaned_data["opinion"],
            approved_amount=form.cleaned_data["approved_amount"],
        )
        if ok:
            return redirect("intake:approval_opinion", pk=decl.pk)
    context = selectors.declaration_page_context(request.user, decl)
    context.update(declaration=decl, form=form, action=offered_action(request.user, decl, "approve"))
    return render(request, "intake/re_review_approve.html", context)


@roles_required(*BUSINESS_ROLES)
def approval_opinion(request, pk: int):
    """The written opinion laid out for printing; `?print=1` gives the page without the site's frame."""
    decl = get_declaration_or_404(request, pk)
    opinion = selectors_plan.approval_opinion_of(decl)
    if opinion is None:
        raise Http404("该项目尚未出具复核书面意见。")
    template = "intake/approval_opinion.html"
    if request.GET.get("print"):
        template += "#print_page"
    return render(request, template, {"declaration": decl, "opinion": opinion})
