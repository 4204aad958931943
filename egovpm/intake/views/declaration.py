"""第七条(一) pages: the declaration list, the application form (附件1), the proposal (附件2) and the
materials of a declaration. Views parse input, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.intake import exports, selectors, selectors_plan, selectors_special, services
from egovpm.intake.forms.declaration import (
    ApplicationForm,
    DeclarationCreateForm,
    DeclarationFilterForm,
    DocumentUploadForm,
    OutlineAcceptForm,
    ProposalForm,
)
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES, OFFICE_ROLES
from egovpm.projects.engine import may, upload_kinds
from egovpm.security.http import audit_download, roles_required, run_service

from .detail import get_declaration_or_404, get_own_declaration_or_404

PAGE_SIZE = 50
APPLICANTS = tuple(APPLICANT_ROLES)


def _filtered(request):
    form = DeclarationFilterForm(
        request.GET or None,
        years=selectors_plan.plan_year_choices().values_list("year", flat=True),
        units=selectors.units_visible_to(request.user).order_by("code"),
    )
    filters = form.filters()
    return form, filters, selectors_special.declaration_list(request.user, **filters)


@roles_required(*BUSINESS_ROLES)
def declaration_list(request):
    user = request.user
    form, _, declarations = _filtered(request)
    page = Paginator(declarations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/declaration_list.html",
        {
            "form": form,
            "page": page,
            "can_declare": user.has_role(*APPLICANTS),
        },
    )


@roles_required(*BUSINESS_ROLES)
def declaration_list_xlsx(request):
    """导出: the list as filtered and sorted, every page of it, as XLSX (序号, 万元, 合计)."""
    _, filters, declarations = _filtered(request)
    audit_download(request, "export.declaration_list", object_type="intake.declaration", filters=filters)
    content = exports.declaration_list_xlsx(title="电子政务项目申报清单（金额单位：万元）", declarations=declarations)
    day = clock.today().strftime("%Y%m%d")
    return exports.xlsx_response(content, f"申报项目清单{day}.xlsx", fallback=f"declarations-{day}.xlsx")


def _prepared_message(declaration) -> str:
    missing = selectors.declaration_missing_materials(declaration)
    if not missing:
        return "申报表已保存为草稿。材料已齐全，请核对后报送。"
    return "申报表已保存为草稿。报送前还需：" + "".join(missing)


@roles_required(*APPLICANTS)
def declaration_create(request):
    user = request.user
    open_years, closed_reason = selectors.declaration_windows()
    if not open_years:
        # 第七条(一): the general procedure is closed; late declarations use 第八条、第九条.
        return render(request, "intake/declaration_form.html", {"closed_reason": closed_reason, "creating": True})
    plan_year = _chosen(open_years, request.POST.get("plan_year") or request.GET.get("plan_year"))
    projects = selectors.projects_to_declare_again(user, plan_year)
    initial = {"plan_year": plan_year}
    if request.method == "GET" and request.GET.get("project"):
        project = projects.filter(pk=_int(request.GET["project"])).first()
        if project is not None:
            previous = selectors.latest_declaration_of(project)
            initial.update(ApplicationForm.initial_from(previous) if previous else {"name": project.name})
            initial["project"] = project
    form = DeclarationCreateForm(
        request.POST or None,
        plan_years=selectors_plan.plan_year_choices().filter(pk__in=[py.pk for py in open_years]),
        projects=projects,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        ok, declaration = run_service(
            request,
            services.declaration_create,
            form=form,
            actor=user,
            plan_year=form.cleaned_data["plan_year"],
            name=form.cleaned_data["name"],
            data=form.application_data(),
            project=form.cleaned_data["project"],
        )
        if ok:
            messages.success(request, _prepared_message(declaration))
            return redirect("intake:declaration_detail", pk=declaration.pk)
    return render(
        request,
        "intake/declaration_form.html",
        {
            "form": form,
            "creating": True,
            "year": plan_year.year,
            "open_years": open_years,
            "has_projects": projects.exists(),
        },
    )


@roles_required(*APPLICANTS)
def declaration_edit(request, pk: int):
    declaration = get_own_declaration_or_404(request, pk)
    if request.method != "POST":
        editable, why = selectors.application_editable(request.user, declaration)
        if not editable:
            messages.error(request, why)
            return redirect("intake:declaration_detail", pk=pk)
    form = ApplicationForm(request.POST or None, initial=ApplicationForm.initial_from(declaration))
    if request.method == "POST" and form.is_valid():
        ok, updated = run_service(
            request,
            services.declaration_update,
            form=form,
            actor=request.user,
            declaration=declaration,
            name=form.cleaned_data["name"],
            data=form.application_data(),
        )
        if ok:
            messages.success(request, _prepared_message(updated))
            return redirect("intake:declaration_detail", pk=pk)
    return render(
        request,
        "intake/declaration_form.html",
        {"form": form, "declaration": declaration, "year": declaration.plan_year.year},
    )


@roles_required(*APPLICANTS)
def proposal_edit(request, pk: int):
    declaration = get_own_declaration_or_404(request, pk)
    if request.method != "POST":
        editable, why = selectors.application_editable(request.user, declaration)
        if not editable:
            messages.error(request, why)
            return redirect("intake:declaration_detail", pk=pk)
    proposal = selectors.proposal_of(declaration)
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_from(proposal) if proposal else None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.proposal_save,
            form=form,
            success="项目建议书已保存。",
            actor=request.user,
            declaration=declaration,
            data=form.cleaned_data,
        )
        if ok:
            return redirect("intake:declaration_detail", pk=pk)
    return render(request, "intake/proposal_form.html", {"form": form, "declaration": declaration})


def _upload(**kwargs):
    """The upload service, with a refused file's message put at the file field."""
    try:
        return services.declaration_document_upload(**kwargs)
    except Refused as exc:
        if exc.code == "bad_file":
            raise ValidationError({"file": exc.message}) from exc
        raise


@roles_required(*APPLICANTS)
def document_upload(request, pk: int):
    declaration = get_own_declaration_or_404(request, pk)
    offered = upload_kinds(request.user, declaration)
    next_url = _safe_next(request)
    kind = request.GET.get("kind", "")
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        offered_kinds=offered,
        initial={"kind": kind} if kind in offered else None,
    )
    if request.method == "POST" and form.is_valid():
        ok, document = run_service(
            request,
            _upload,
            form=form,
            actor=request.user,
            declaration=declaration,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        if ok:
            messages.success(request, f"已上传“{document.get_kind_display()}”（第 {document.version} 版）。")
            check = selectors.outline_check_of(document)
            if check is not None and check.has_findings:  # 附件2, 附件3: seen before the unit submits
                messages.warning(request, f"章节检查：{check.summary}")
            return redirect(next_url) if next_url else redirect("intake:declaration_detail", pk=pk)
    return render(
        request,
        "intake/upload_form.html",
        {
            "form": form,
            "declaration": declaration,
            "offered": [label for value, label in DocumentKind.choices if value in offered],
            "next": next_url,
        },
    )


def _safe_next(request) -> str:
    """The `next` parameter when it is a relative URL within this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _chosen(plan_years: list, value) -> object:
    """The plan year picked among the open ones, else the first open one."""
    wanted = _int(value)
    return next((py for py in plan_years if py.pk == wanted), plan_years[0])


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@roles_required(*OFFICE_ROLES)
def outline_accept(request, pk: int, document_pk: int):
    """第七条(一)(三): the Office accepts a proposal or feasibility study report with outline findings."""
    declaration = get_declaration_or_404(request, pk)
    check = selectors.declaration_outline_check(declaration, document_pk)
    if check is None:
        raise Http404("该材料不存在或没有章节检查结果。")
    form = OutlineAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.declaration_outline_accept,
            form=form,
            success="已接受该材料的章节缺项并记录理由。",
            actor=request.user,
            declaration=declaration,
            document=check.document,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            return redirect("intake:declaration_detail", pk=pk)
    allowed, why = may(request.user, declaration, "accept_outline_findings")
    context = {"declaration": declaration, "check": check, "form": form, "allowed": allowed, "why": why}
    return render(request, "intake/outline_accept.html", context)
