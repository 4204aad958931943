"""第七条(五): Finance places pre-approved projects in the department budget project library and records
what next year's budget arranges."""

from __future__ import annotations

from django.shortcuts import render

from egovpm.intake import exports, selectors_plan
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.security.http import audit_download, roles_required


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


@roles_required(Role.FINANCE_REVIEWER, *OFFICE_ROLES)
def budget_library_xlsx(request):
    """导出: the library of the chosen plan year (every year without one) as XLSX (序号, 万元, 合计)."""
    year = _year_filter(request)
    audit_download(request, "export.budget_library", object_type="intake.budgetlibraryentry", filters={"year": year})
    sections = selectors_plan.budget_library_sections(request.user, plan_year=year)
    label = f"{year}年度" if year else "各年度"
    content = exports.budget_library_xlsx(title=f"{label}部门预算项目库（金额单位：万元）", sections=sections)
    return exports.xlsx_response(
        content, f"{label}部门预算项目库.xlsx", fallback=f"budget-library-{year or 'all'}.xlsx"
    )
