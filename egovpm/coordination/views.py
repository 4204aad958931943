"""第六条 pages: the Office's list of the declarations touching the infrastructure systems with its
decision on each, its citywide coordinated plan, and the two decisions (fold into the plan, or admit
as a standalone project with a reason). Views parse input, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from egovpm.coordination import selectors as selectors_coordination
from egovpm.coordination import services
from egovpm.coordination.forms import (
    CoordinatedItemForm,
    CoordinationFilterForm,
    CoordinationFoldForm,
    CoordinationStandaloneForm,
)
from egovpm.core import clock
from egovpm.intake import selectors_plan
from egovpm.intake.views.detail import get_declaration_or_404
from egovpm.lifecycle.roles import OFFICE_ROLES
from egovpm.policy.loader import get_policy
from egovpm.security.http import roles_required, run_service

OFFICE = tuple(OFFICE_ROLES)


def _list_url(year: int | None) -> str:
    return f"{reverse('coordination:coordination_list')}?plan_year={year or ''}"


def _list_page(request, *, item_form=None):
    plan_years = selectors_plan.plan_year_choices()
    years = list(plan_years)
    cycle = selectors_coordination.pending_year(request.user) or selectors_plan.running_cycle(
        clock.today(), get_policy(), [py.year for py in years]
    )
    filters = CoordinationFilterForm(request.GET or None, years=[py.year for py in years])
    year = filters.chosen_year(default=cycle)
    if item_form is None:
        initial_year = next((py for py in years if py.year == (year or cycle)), None)
        item_form = CoordinatedItemForm(initial={"plan_year": initial_year}, plan_years=plan_years)
    context = {
        "filters": filters,
        "year": year,
        "item_form": item_form,
        "has_plan_years": bool(years),
        **selectors_coordination.coordination_overview(request.user, plan_year=year),
    }
    return render(request, "coordination/coordination_list.html", context)


@roles_required(*OFFICE)
def coordination_list(request):
    return _list_page(request)


@roles_required(*OFFICE)
@require_POST
def coordinated_item_create(request):
    form = CoordinatedItemForm(request.POST, plan_years=selectors_plan.plan_year_choices())
    if form.is_valid():
        ok, item = run_service(
            request,
            services.coordinated_item_create,
            form=form,
            success="已列入全市统筹建设计划。",
            actor=request.user,
            plan_year=form.cleaned_data["plan_year"],
            name=form.cleaned_data["name"],
            area=form.cleaned_data["area"],
            description=form.cleaned_data["description"],
        )
        if ok:
            return redirect(_list_url(item.plan_year.year) + "#plan")
    return _list_page(request, item_form=form)


def _decision_or_redirect(request, decl):
    """None when the user may decide on this declaration now, else the redirect to its page."""
    allowed, why = selectors_coordination.decision_open(request.user, decl)
    if allowed:
        return None
    messages.error(request, why)
    return redirect(reverse("intake:declaration_detail", kwargs={"pk": decl.pk}) + "#infrastructure")


@roles_required(*OFFICE)
def coordination_fold(request, pk: int):
    decl = get_declaration_or_404(request, pk)
    if (refused := _decision_or_redirect(request, decl)) is not None:
        return refused
    items = selectors_coordination.fold_items(decl)
    form = CoordinationFoldForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.coordination_fold,
            form=form,
            success="已纳入办公室全市统筹建设（第六条），该项目不再单独立项。",
            actor=request.user,
            declaration=decl,
            coordinated_item=form.cleaned_data["coordinated_item"],
            reason=form.cleaned_data["reason"],
        )
        if ok:
            return redirect(reverse("intake:declaration_detail", kwargs={"pk": decl.pk}) + "#infrastructure")
    context = {"declaration": decl, "form": form, "has_items": items.exists()}
    return render(request, "coordination/coordination_fold.html", context)


@roles_required(*OFFICE)
def coordination_standalone(request, pk: int):
    decl = get_declaration_or_404(request, pk)
    if (refused := _decision_or_redirect(request, decl)) is not None:
        return refused
    form = CoordinationStandaloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.coordination_standalone,
            form=form,
            success="已同意单独立项并记录理由（第六条）。",
            actor=request.user,
            declaration=decl,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            return redirect(reverse("intake:declaration_detail", kwargs={"pk": decl.pk}) + "#infrastructure")
    return render(request, "coordination/coordination_standalone.html", {"declaration": decl, "form": form})
