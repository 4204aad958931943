"""The declaration page that every party shares, and the generic lifecycle action."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.audit.selectors import audit_events_for
from egovpm.intake import selectors, services
from egovpm.intake.services import special
from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.projects.engine import is_applicant_of
from egovpm.security.http import roles_required, run_service

# Lifecycle actions that need nothing but an optional or required reason, and the service of each.
REASON_ACTIONS = {
    "submit": lambda actor, declaration, reason: services.declaration_submit(actor=actor, declaration=declaration),
    "submit_to_supervisor": lambda actor, declaration, reason: services.declaration_submit(
        actor=actor, declaration=declaration
    ),
    "consent": lambda actor, declaration, reason: services.declaration_consent(
        actor=actor, declaration=declaration, opinion=reason
    ),
    "refuse_consent": lambda actor, declaration, reason: services.declaration_refuse_consent(
        actor=actor, declaration=declaration, reason=reason
    ),
    "pass_initial_review": lambda actor, declaration, reason: services.initial_review_pass(
        actor=actor, declaration=declaration, opinion=reason
    ),
    "not_arrange": lambda actor, declaration, reason: services.initial_review_not_arrange(
        actor=actor, declaration=declaration, reason=reason
    ),
    "submit_feasibility": lambda actor, declaration, reason: services.feasibility_submit(
        actor=actor, declaration=declaration
    ),
    "start_re_review": lambda actor, declaration, reason: services.re_review_start(
        actor=actor, declaration=declaration
    ),
    "return_re_review": lambda actor, declaration, reason: services.re_review_return(
        actor=actor, declaration=declaration, reason=reason
    ),
    "place_in_budget_library": lambda actor, declaration, reason: services.budget_library_place(
        actor=actor, declaration=declaration, library_code=reason
    ),
    # 第八条, 第九条 special procedure
    "submit_special_request": lambda actor, declaration, reason: special.special_submit(
        actor=actor, declaration=declaration
    ),
    "agree_special_start": lambda actor, declaration, reason: special.special_start_agree(
        actor=actor, declaration=declaration, required_materials=reason
    ),
    "refuse_special_start": lambda actor, declaration, reason: special.special_start_refuse(
        actor=actor, declaration=declaration, reason=reason
    ),
    "submit_special_materials": lambda actor, declaration, reason: special.special_materials_submit(
        actor=actor, declaration=declaration
    ),
    "request_adjustment": lambda actor, declaration, reason: special.special_adjustment_request(
        actor=actor, declaration=declaration, opinion=reason
    ),
    "resubmit_adjusted": lambda actor, declaration, reason: special.special_resubmit(
        actor=actor, declaration=declaration, note=reason
    ),
    "reject_special": lambda actor, declaration, reason: special.special_reject(
        actor=actor, declaration=declaration, reason=reason
    ),
    "apply_special_funds": lambda actor, declaration, reason: special.special_funds_apply(
        actor=actor, declaration=declaration, note=reason
    ),
}


def get_declaration_or_404(request, pk: int):
    decl = selectors.declaration_get(request.user, pk)
    if decl is None:
        raise Http404("该项目不存在或不在您的查看范围内。")
    return decl


@roles_required(*BUSINESS_ROLES)
def get_own_declaration_or_404(request, pk: int):
    """A declaration the user prepares as its applicant unit: 404 when not visible, 403 when the user
    sees it (e.g. its supervising department) but is not of the declaring unit."""
    decl = get_declaration_or_404(request, pk)
    if not is_applicant_of(request.user, decl):
        raise PermissionDenied("只有申报单位本身可以办理此事项。")
    return decl


@roles_required(*BUSINESS_ROLES)
def declaration_detail(request, pk: int):
    decl = get_declaration_or_404(request, pk)
    context = selectors.declaration_page_context(request.user, decl)
    context.update(
        declaration=decl,
        actions=services.available_actions(user=request.user, obj=decl),
        history=audit_events_for(decl).select_related("actor"),
        workflow=decl.workflow,
        # 第七条(二): the unit receives the Office's conclusion, not each reviewer's opinion
        show_review_opinions=selectors.can_see_review_opinions(request.user, decl),
    )
    return render(request, "intake/declaration_detail.html", context)


@roles_required(*BUSINESS_ROLES)
def declaration_act(request, pk: int, action: str):
    """POST: take a lifecycle action that needs only a reason. The table decides who may."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    decl = get_declaration_or_404(request, pk)
    handler = REASON_ACTIONS.get(action)
    if handler is None or action not in {t.action for t in decl.workflow.transitions}:
        raise Http404("没有这个操作。")
    transition = decl.workflow.transition(action)
    ok, _ = run_service(
        request,
        handler,
        success=f"已完成：{transition.label}。",
        actor=request.user,
        declaration=decl,
        reason=request.POST.get("reason", ""),
    )
    if ok and selectors.declaration_get(request.user, pk) is None:
        messages.info(request, "该项目已转出您的处理范围。")
        return redirect("cockpit:todo")
    return redirect("intake:declaration_detail", pk=pk)
