"""第七条(四) second paragraph: the annual plan and the list of pre-approved projects, which the Office
sends to Finance; both download as XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.core import clock
from egovpm.intake import exports, selectors_plan, services
from egovpm.intake.forms.plan import PlanYearOpenForm
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.security.http import audit_download, roles_required, run_service

PLAN_READERS = (*OFFICE_ROLES, Role.FINANCE_REVIEWER)
NOT_SENT = "办公室尚未向市财政局报送该年度的电子政务年度计划和预审合格项目清单。"


def _is_office(user) -> bool:
    return bool(user.roles & OFFICE_ROLES)


def _plan_year_or_404(year: int):
    plan_year = selectors_plan.plan_year_get(year)
    if plan_year is None:
        raise Http404("没有该年度计划。")
    return plan_year


@roles_required(*PLAN_READERS)
def plan_index(request):
    """The plan years with their counts per stage; the Office opens a new plan year."""
    form = PlanYearOpenForm(
        request.POST or None, initial={"year": selectors_plan.next_plan_year_to_open(clock.today())}
    )
    if request.method == "POST":
        if not _is_office(request.user):
            raise PermissionDenied("只有办公室可以开放年度计划。")
        if form.is_valid():
            ok, plan_year = run_service(
                request,
                services.plan_year_open,
                form=form,
                success=f"已开放 {form.cleaned_data['year']} 年度计划。",
                actor=request.user,
                year=form.cleaned_data["year"],
                notes=form.cleaned_data["notes"],
            )
            if ok:
                return redirect("intake:plan_detail", year=plan_year.year)
    return render(
        request,
        "intake/plan_index.html",
        {
            "overview": selectors_plan.plan_year_overview(request.user),
            "form": form,
            "is_office": _is_office(request.user),
        },
    )


@roles_required(*PLAN_READERS)
def plan_detail(request, year: int):
    plan_year = _plan_year_or_404(year)
    context = {"plan_year": plan_year, "is_office": _is_office(request.user)}
    if not selectors_plan.plan_visible_to(request.user, plan_year):
        context["not_sent"] = NOT_SENT
        return render(request, "intake/plan_detail.html", context)
    declarations = list(selectors_plan.plan_declarations(request.user, plan_year))
    preapproved = list(selectors_plan.preapproved_declarations(request.user, plan_year))
    context.update(
        declarations=declarations,
        totals=selectors_plan.funding_totals(declarations),
        preapproved=preapproved,
        preapproved_totals=selectors_plan.funding_totals(preapproved),
        unsent=[d for d in preapproved if d.stage == "approved" and d.sent_to_finance_at is None],
        transmissions=selectors_plan.plan_transmissions(plan_year),
    )
    return render(request, "intake/plan_detail.html", context)


@roles_required(*OFFICE_ROLES)
def plan_send(request, year: int):
    """POST: the Office sends Finance the annual plan and the list of pre-approved projects."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan_year = _plan_year_or_404(year)
    ok, transmission = run_service(request, services.plan_send_to_finance, actor=request.user, plan_year=plan_year)
    if ok:
        messages.success(
            request,
            f"已向市财政局报送 {plan_year.year} 年度计划和预审合格项目清单（{transmission.project_count} 个项目）。",
        )
    return redirect("intake:plan_detail", year=plan_year.year)


def _download(request, year: int, build, declarations_of, filename: str, fallback: str):
    plan_year = _plan_year_or_404(year)
    if not selectors_plan.plan_visible_to(request.user, plan_year):
        messages.error(request, NOT_SENT)
        return redirect("intake:plan_detail", year=plan_year.year)
    audit_download(request, f"export.{build.__name__.removesuffix('_xlsx')}", obj=plan_year, filters={"year": year})
    content = build(year=plan_year.year, declarations=list(declarations_of(request.user, plan_year)))
    return exports.xlsx_response(content, filename, fallback=fallback)


@roles_required(*PLAN_READERS)
def plan_annual_xlsx(request, year: int):
    return _download(
        request,
        year,
        exports.annual_plan_xlsx,
        selectors_plan.plan_declarations,
        f"{year}年度电子政务年度计划.xlsx",
        f"annual-plan-{year}.xlsx",
    )


@roles_required(*PLAN_READERS)
def plan_preapproved_xlsx(request, year: int):
    return _download(
        request,
        year,
        exports.preapproved_xlsx,
        selectors_plan.preapproved_declarations,
        f"{year}年度电子政务预审合格项目清单.xlsx",
        f"pre-approved-{year}.xlsx",
    )
