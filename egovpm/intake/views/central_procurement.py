"""第七条(二) pages: the unit's configuration list on its declaration (entered online, or imported from the
template it downloads here), and the Office's centralized procurement plan of a plan year (proposed from the
approved projects, edited, issued, downloaded as XLSX and PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from egovpm.intake import exports, selectors_plan, selectors_procurement
from egovpm.intake.configuration_xlsx import template_xlsx
from egovpm.intake.forms.central_procurement import CentralLineForm, ConfigurationImportForm, ConfigurationItemForm
from egovpm.intake.services import central_procurement as services
from egovpm.intake.views.detail import get_declaration_or_404
from egovpm.intake.views.plan import PLAN_READERS
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES, OFFICE_ROLES
from egovpm.security.http import attachment, audit_download, roles_required, run_service

MAX_UPLOAD = 2 * 1024 * 1024


def _configuration_url(declaration) -> str:
    return reverse("intake:declaration_detail", kwargs={"pk": declaration.pk}) + "#configuration"


def _show_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


@roles_required(*BUSINESS_ROLES)
def configuration_template(request):
    """The XLSX template of the configuration list (软硬件配置清单), with two example rows."""
    response = HttpResponse(template_xlsx(), content_type=exports.XLSX_CONTENT_TYPE)
    return attachment(response, "软硬件配置清单模板.xlsx", "configuration-template.xlsx")


@roles_required(*APPLICANT_ROLES)
@require_POST
def configuration_add(request, pk: int):
    declaration = get_declaration_or_404(request, pk)
    form = ConfigurationItemForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.configuration_item_add,
            form=form,
            success="已加入软硬件配置清单。",
            actor=request.user,
            declaration=declaration,
            data=form.cleaned_data,
        )
    _show_errors(request, form)
    return redirect(_configuration_url(declaration))


@roles_required(*APPLICANT_ROLES)
@require_POST
def configuration_remove(request, pk: int):
    item = selectors_procurement.configuration_item_get(request.user, pk)
    if item is None:
        raise Http404("该条目不存在或不在您的查看范围内。")
    run_service(request, services.configuration_item_remove, success="已删除。", actor=request.user, item=item)
    return redirect(_configuration_url(item.declaration))


@roles_required(*APPLICANT_ROLES)
@require_POST
def configuration_import(request, pk: int):
    declaration = get_declaration_or_404(request, pk)
    form = ConfigurationImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "文件不能超过 2 MB。")
        else:
            ok, items = run_service(
                request,
                services.configuration_import,
                form=form,
                actor=request.user,
                declaration=declaration,
                content=upload.read(),
            )
            if ok:
                messages.success(request, f"已导入 {len(items)} 条配置清单条目。")
    _show_errors(request, form)
    return redirect(_configuration_url(declaration))


def _plan_year_or_404(year: int):
    plan_year = selectors_plan.plan_year_get(year)
    if plan_year is None:
        raise Http404("没有该年度计划。")
    return plan_year


def _plan_url(year: int) -> str:
    return reverse("intake:central_procurement", kwargs={"year": year})


@roles_required(*PLAN_READERS)
def central_procurement(request, year: int):
    plan_year = _plan_year_or_404(year)
    plan = selectors_procurement.central_plan_of(plan_year)
    is_office = bool(request.user.roles & OFFICE_ROLES)
    if plan is not None and not plan.issued and not is_office:
        plan = None  # Finance reads the plan once issued
    context = {
        "plan_year": plan_year,
        "plan": plan,
        "is_office": is_office,
        **selectors_procurement.central_plan_totals(plan),
    }
    return render(request, "intake/central_procurement.html", context)


@roles_required(*OFFICE_ROLES)
@require_POST
def central_procurement_propose(request, year: int):
    plan_year = _plan_year_or_404(year)
    ok, plan = run_service(request, services.central_procurement_propose, actor=request.user, plan_year=plan_year)
    if ok:
        messages.success(request, f"已归集 {plan.lines.count()} 个品目（两个及以上项目共同需要）。")
    return redirect(_plan_url(year))


def _line_or_404(pk: int):
    line = selectors_procurement.central_line_get(pk)
    if line is None:
        raise Http404("该品目不存在。")
    return line


@roles_required(*OFFICE_ROLES)
@require_POST
def central_procurement_line(request, pk: int):
    line = _line_or_404(pk)
    form = CentralLineForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            services.central_procurement_line_update,
            form=form,
            success="已调整。",
            actor=request.user,
            line=line,
            **form.cleaned_data,
        )
    _show_errors(request, form)
    return redirect(_plan_url(line.plan.plan_year.year))


@roles_required(*OFFICE_ROLES)
@require_POST
def central_procurement_line_remove(request, pk: int):
    line = _line_or_404(pk)
    run_service(
        request, services.central_procurement_line_remove, success="已移出计划。", actor=request.user, line=line
    )
    return redirect(_plan_url(line.plan.plan_year.year))


@roles_required(*OFFICE_ROLES)
@require_POST
def central_procurement_issue(request, year: int):
    plan_year = _plan_year_or_404(year)
    plan = selectors_procurement.central_plan_of(plan_year)
    if plan is None:
        messages.error(request, "请先归集生成集中采购计划。")
        return redirect(_plan_url(year))
    ok, issued = run_service(request, services.central_procurement_issue, actor=request.user, plan=plan)
    if ok:
        messages.success(request, f"已印发 {issued.number}。")
    return redirect(_plan_url(year))


def _issued_plan_or_404(request, year: int):
    plan = selectors_procurement.central_plan_of(_plan_year_or_404(year))
    if plan is None or not (plan.issued or request.user.roles & OFFICE_ROLES):
        raise Http404("该年度尚未印发集中采购计划。")
    return plan


@roles_required(*PLAN_READERS)
def central_procurement_xlsx(request, year: int):
    plan = _issued_plan_or_404(request, year)
    audit_download(request, "export.central_procurement", obj=plan, filters={"year": year, "format": "xlsx"})
    return exports.xlsx_response(
        exports.central_procurement_xlsx(plan),
        f"{year}年度集中采购计划.xlsx",
        fallback=f"central-procurement-{year}.xlsx",
    )


@roles_required(*PLAN_READERS)
def central_procurement_pdf(request, year: int):
    plan = _issued_plan_or_404(request, year)
    audit_download(request, "export.central_procurement", obj=plan, filters={"year": year, "format": "pdf"})
    response = HttpResponse(exports.central_procurement_pdf(plan), content_type="application/pdf")
    return attachment(response, f"{year}年度集中采购计划.pdf", f"central-procurement-{year}.pdf")
