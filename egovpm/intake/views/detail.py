"""The declaration page that every party shares, and the generic lifecycle action."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.audit.selectors import audit_events_for
from egovpm.intake import selectors
from egovpm.intake.sections import declaration_sections
from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.projects import engine
from egovpm.projects.engine import is_applicant_of
from egovpm.projects.selectors import life_of
from egovpm.projects.unit_records import unit_records
from egovpm.projects.views import take_step
from egovpm.security.http import roles_required


# Lifecycle actions that need nothing but an optional or required reason, and the service of each.
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
        actions=engine.available_actions(user=request.user, obj=decl),
        history=audit_events_for(decl).select_related("actor"),
        workflow=decl.workflow,
        life=life_of(decl),
        sections=declaration_sections(),  # other apps' (intake.sections)
        # 第七条(二): the unit receives the Office's conclusion, not each reviewer's opinion
        show_review_opinions=selectors.can_see_review_opinions(request.user, decl),
        # 第十八条, 第三十条: the unit's record, where its declarations are judged
        unit_records=unit_records([decl.unit_id]),
    )
    return render(request, "intake/declaration_detail.html", context)


@roles_required(*BUSINESS_ROLES)
def declaration_act(request, pk: int, action: str):
    """POST: take a lifecycle action that needs only a reason. The table decides who may."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    decl = get_declaration_or_404(request, pk)
    ok = take_step(request, decl, action)
    if ok and selectors.declaration_get(request.user, pk) is None:
        messages.info(request, "该项目已转出您的处理范围。")
        return redirect("cockpit:todo")
    return redirect("intake:declaration_detail", pk=pk)
