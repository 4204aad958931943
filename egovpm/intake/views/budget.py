"""第七条(五): Finance places pre-approved projects in the department budget project library and records
what next year's budget arranges."""

from __future__ import annotations

from django.shortcuts import redirect, render

from egovpm.intake import selectors, selectors_plan, services
from egovpm.intake.forms.plan import BudgetArrangeForm
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.security.http import roles_required, run_service

from .detail import get_declaration_or_404
from .reexamine import offered_action


def _year_filter(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@roles_required(Role.FINANCE_REVIEWER, *OFFICE_ROLES)
def budget_library(request):
    """待入库, 已入库待安排资金, 已安排资金; Finance acts, the Office reads."""
    year = _year_filter(request)
    sections = selectors_plan.budget_library_sections(request.user, plan_year=year)
    return render(
        request,
        "intake/budget_library.html",
        {
            **sections,
            "year": year,
            "plan_years": selectors_plan.plan_year_choices(),
            "is_finance": request.user.has_role(Role.FINANCE_REVIEWER),
            "placed_totals": selectors_plan.funding_totals(sections["placed"]),
            "funded_totals": selectors_plan.funding_totals(sections["funded"]),
        },
    )


@roles_required(Role.FINANCE_REVIEWER)
def budget_arrange(request, pk: int):
    """Record the amount (万元) the plan year's budget arranges for a project in the library."""
    decl = get_declaration_or_404(request, pk)
    form = BudgetArrangeForm(request.POST or None, initial={"amount": decl.current_fiscal})
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.budget_funds_arrange,
            form=form,
            success=f"已登记“{decl.project.name}”的年度安排资金。",
            actor=request.user,
            declaration=decl,
            amount=form.cleaned_data["amount"],
        )
        if ok:
            return redirect("intake:budget_library")
    return render(
        request,
        "intake/budget_arrange.html",
        {
            "declaration": decl,
            "form": form,
            "opinion": selectors_plan.approval_opinion_of(decl),
            "budget_entry": selectors.budget_entry_of(decl),
            "action": offered_action(request.user, decl, "arrange_funds"),
        },
    )
