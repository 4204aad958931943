"""第七条(二) initial review: the Office's rounds and invitations, the invited parties' opinions,
and the centralized procurement plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from egovpm.intake import selectors, selectors_plan, selectors_review, services
from egovpm.intake.forms.review import (
    ProcurementItemForm,
    ReviewOpinionForm,
    ReviewRoundForm,
)
from egovpm.lifecycle.roles import OFFICE_ROLES, REVIEWER_ROLES
from egovpm.security.http import roles_required, run_service

from .detail import get_declaration_or_404

OFFICE = tuple(OFFICE_ROLES)
REVIEWERS = tuple(REVIEWER_ROLES)


@roles_required(*OFFICE)
def round_list(request):
    return render(request, "intake/round_list.html", {"rounds": selectors_review.review_round_list()})


@roles_required(*OFFICE)
def round_create(request):
    plan_years = selectors_plan.plan_year_choices()
    if request.method == "POST":
        form = ReviewRoundForm(request.POST, plan_years=plan_years)
        if form.is_valid():
            ok, rnd = run_service(
                request,
                services.review_round_open,
                form=form,
                success="已开启初审轮次。",
                actor=request.user,
                plan_year=form.cleaned_data["plan_year"],
                name=form.cleaned_data["name"],
                notes=form.cleaned_data["notes"],
            )
            if ok:
                return redirect("intake:round_detail", pk=rnd.pk)
    else:
        form = ReviewRoundForm(initial={"plan_year": request.GET.get("plan_year")}, plan_years=plan_years)
    return render(request, "intake/round_form.html", {"form": form, "has_plan_years": plan_years.exists()})


@roles_required(*OFFICE)
def round_detail(request, pk: int):
    rnd = selectors_review.review_round_get(pk)
    if rnd is None:
        raise Http404("该初审轮次不存在。")
    context = {
        "round": rnd,
        "declarations": selectors_review.round_declarations(request.user, rnd),
        "awaiting": selectors_review.declarations_awaiting_initial_review(request.user, rnd.plan_year),
        "plan": selectors_review.central_procurement_plan(rnd),
    }
    return render(request, "intake/round_detail.html", context)


@roles_required(*OFFICE)
@require_POST
def procurement_item_add(request, pk: int):
    decl = get_declaration_or_404(request, pk)
    form = ProcurementItemForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.procurement_item_add,
            success="已列入集中采购计划。",
            actor=request.user,
            declaration=decl,
            data=form.cleaned_data,
        )
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
    return redirect(_review_section(decl.pk))


@roles_required(*OFFICE)
@require_POST
def procurement_item_remove(request, pk: int):
    item = selectors_review.procurement_item_get(request.user, pk)
    if item is None:
        raise Http404("该采购品目不存在。")
    run_service(
        request, services.procurement_item_remove, success="已移出集中采购计划。", actor=request.user, item=item
    )
    return redirect(_review_section(item.declaration_id))


@roles_required(*REVIEWERS)
def invitation_list(request):
    invitations = list(selectors.invitations_for(request.user).order_by("due_date", "id"))
    context = {
        "pending": [i for i in invitations if i.submitted_at is None],
        "done": sorted((i for i in invitations if i.submitted_at), key=lambda i: i.submitted_at, reverse=True),
    }
    return render(request, "intake/invitation_list.html", context)


@roles_required(*REVIEWERS)
def invitation_detail(request, pk: int):
    invitation = selectors_review.invitation_get(request.user, pk)
    if invitation is None:
        raise Http404("该初审邀请不存在。")
    decl = get_declaration_or_404(request, invitation.declaration_id)
    form = None
    if invitation.submitted_at is None:
        form = ReviewOpinionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            ok, _ = run_service(
                request,
                services.review_opinion_submit,
                form=form,
                success="初审意见已提交。",
                actor=request.user,
                invitation=invitation,
                recommendation=form.cleaned_data["recommendation"],
                opinion=form.cleaned_data["opinion"],
            )
            if ok:
                return redirect("intake:invitation_detail", pk=invitation.pk)
    elif request.method == "POST":
        messages.error(request, "您已提交过意见。")
        return redirect("intake:invitation_detail", pk=invitation.pk)
    context = selectors.declaration_page_context(request.user, decl)
    context.update(declaration=decl, invitation=invitation, form=form)
    return render(request, "intake/invitation_detail.html", context)


def _review_section(declaration_pk: int) -> str:
    return reverse("intake:declaration_detail", kwargs={"pk": declaration_pk}) + "#review"


@roles_required(*OFFICE)
def experts_draw(request, pk: int):
    """第七条(二), 第九条(三): the Office states how many experts of which fields and draws them by lot."""
    from egovpm.experts.forms import DrawForm

    decl = get_declaration_or_404(request, pk)
    form = DrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ok, draw = run_service(
            request,
            services.review_experts_draw,
            form=form,
            success="已随机抽取专家，待专家确认。",
            actor=request.user,
            declaration=decl,
            requirements=form.requirements(),
        )
        if ok:
            return redirect("experts:draw_detail", pk=draw.pk)
    return render(request, "intake/experts_draw.html", {"declaration": decl, "form": form})
