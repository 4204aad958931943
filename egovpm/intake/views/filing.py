"""第十条 pages: the filing list (the Office sees every filing in one list), filing a project, the
filing page with the Office's requests and the unit's answers, routing a project that needs city
matching funds into a procedure, and the filing's documents. Views parse input, call one service and
render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.documents.models import DocumentKind
from egovpm.intake import selectors, selectors_filing, selectors_plan
from egovpm.intake.forms.declaration import DocumentUploadForm
from egovpm.intake.forms.filing import FilingFilterForm, FilingForm, FilingRouteForm, FilingSupplyForm
from egovpm.intake.models import Procedure
from egovpm.intake.services import filing as services
from egovpm.lifecycle.roles import APPLICANT_ROLES
from egovpm.projects.engine import is_applicant_of, upload_kinds
from egovpm.projects.http import run_posted_step
from egovpm.security.http import roles_required, run_service

PAGE_SIZE = 50
APPLICANTS = tuple(APPLICANT_ROLES)
VIEWERS = tuple(selectors_filing.FILING_ROLES)


def get_filing_or_404(request, pk: int):
    filing = selectors_filing.filing_get(request.user, pk)
    if filing is None:
        raise Http404("该备案不存在或不在您的查看范围内。")
    return filing


def get_own_filing_or_404(request, pk: int):
    """A filing of the user's own unit: 404 when not visible, 403 when seen (e.g. by the supervising
    department) but not the user's unit's."""
    filing = get_filing_or_404(request, pk)
    if not is_applicant_of(request.user, filing):
        raise PermissionDenied("只有备案单位本身可以办理此事项。")
    return filing


@roles_required(*VIEWERS)
def filing_list(request):
    user = request.user
    form = FilingFilterForm(request.GET or None, units=selectors.units_visible_to(user).order_by("code"))
    filings = selectors_filing.filing_list(user, **form.filters())
    page = Paginator(filings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/filing_list.html",
        {"form": form, "page": page, "can_file": selectors_filing.can_file(user)},
    )


@roles_required(*APPLICANTS)
def filing_create(request):
    form = FilingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, filing = run_service(request, services.filing_create, form=form, actor=request.user, **form.cleaned_data)
        if ok and filing.needs_matching_funds:
            # 第十条: with city matching funds the project goes through a procedure: offer it right away.
            messages.success(request, "已抄送办公室备案。该项目需市财政配套资金，请选择申报程序。")
            return redirect("intake:filing_route", pk=filing.pk)
        if ok:
            messages.success(request, "已抄送办公室备案，不需市财政配套的项目备案后无须审核。")
            return redirect("intake:filing_detail", pk=filing.pk)
    return render(request, "intake/filing_form.html", {"form": form})


@roles_required(*VIEWERS)
def filing_detail(request, pk: int):
    filing = get_filing_or_404(request, pk)
    context = selectors_filing.filing_page_context(request.user, filing)
    context["supply_form"] = FilingSupplyForm()
    return render(request, "intake/filing_detail.html", context)


@roles_required(*VIEWERS)
def filing_act(request, pk: int, action: str):
    """POST: the Office asks for more information, or the unit answers. The table decides who may."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    run_posted_step(request, get_filing_or_404(request, pk), action)
    return redirect("intake:filing_detail", pk=pk)


@roles_required(*APPLICANTS)
def filing_route(request, pk: int):
    filing = get_own_filing_or_404(request, pk)
    windows = selectors_filing.route_windows()
    form = FilingRouteForm(
        request.POST or None,
        plan_years=selectors_plan.plan_year_choices(),
        initial={
            "procedure": _default_procedure(windows),
            "plan_year": windows[0]["plan_year"] if windows else None,
            "leader_name": request.user.get_full_name(),
            "leader_phone": getattr(request.user, "phone", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        ok, routed = run_service(
            request,
            services.filing_route,
            form=form,
            actor=request.user,
            filing=filing,
            **form.service_arguments(),
        )
        if ok:
            declaration = routed.routed_declaration
            messages.success(
                request,
                f"已转入{declaration.get_procedure_display()}，生成 {declaration.plan_year.year} 年度申报草稿，"
                "上级机关批准文件已随附。请补充申报材料后报送。",
            )
            return redirect("intake:declaration_detail", pk=declaration.pk)
    return render(
        request,
        "intake/filing_route.html",
        {
            "filing": filing,
            "form": form,
            "windows": windows,
            "routable": filing.needs_matching_funds and filing.stage in ("filed", "info_requested"),
        },
    )


@roles_required(*APPLICANTS)
def filing_upload(request, pk: int):
    filing = get_own_filing_or_404(request, pk)
    offered = upload_kinds(request.user, filing)
    form = DocumentUploadForm(request.POST or None, request.FILES or None, offered_kinds=offered)
    if request.method == "POST" and form.is_valid():
        ok, document = run_service(
            request,
            services.filing_document_upload,
            form=form,
            actor=request.user,
            filing=filing,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        if ok:
            messages.success(request, f"已上传“{document.get_kind_display()}”（第 {document.version} 版）。")
            return redirect("intake:filing_detail", pk=pk)
    return render(
        request,
        "intake/filing_upload.html",
        {
            "form": form,
            "filing": filing,
            "offered": [label for value, label in DocumentKind.choices if value in offered],
        },
    )


def _default_procedure(windows: list[dict]) -> str:
    """The general procedure while the newest plan year's window is open, else the special one."""
    return Procedure.GENERAL if windows and windows[0]["general_open"] else Procedure.SPECIAL
