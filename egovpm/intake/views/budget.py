"""第七条(五): Finance places pre-approved projects in the department budget project library and records
what next year's budget arranges."""

from __future__ import annotations

from django.shortcuts import render

from egovpm.intake import selectors_plan
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.security.http import roles_required


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
