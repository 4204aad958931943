"""Pages of 第十一条 and 第四条: the projects' procurement (each project's procurements, contracts, licence
register and money overview), recording each of them, Finance's payment form, and the payment ledger with
its XLSX export. Views parse input, call one service and render."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from egovpm.core import clock
from egovpm.intake.exports import xlsx_response
from egovpm.intake.selectors import units_visible_to
from egovpm.lifecycle.roles import APPLICANT_ROLES, FINANCE_ROLES
from egovpm.projects import engine
from egovpm.security.http import audit_download, roles_required, run_service

from . import exports, selectors, services
from .forms import ContractForm, LedgerFilterForm, LicenceForm, LineForm, PaymentForm, ProcurementForm
from .models import Procurement

PAGE_SIZE = 50
VIEWERS = tuple(selectors.VIEWER_ROLES)
APPLICANTS = tuple(APPLICANT_ROLES)
FINANCE = tuple(FINANCE_ROLES)


def _project_or_404(request, pk: int):
    project = selectors.project_get(request.user, pk)
    if project is None:
        raise Http404("该项目不存在或不在您的查看范围内。")
    return project


def _own_project_or_404(request, pk: int):
    """A project of the user's own unit: 404 when not visible, 403 when seen but not the user's unit's."""
    project = _project_or_404(request, pk)
    if not engine.is_applicant_of(request.user, project):
        raise PermissionDenied("只有项目建设单位可以登记采购、合同和正版软件。")
    return project


def _procurement_or_404(request, pk: int) -> Procurement:
    procurement = Procurement.objects.select_related("project").filter(pk=pk).first()
    if procurement is None or selectors.project_get(request.user, procurement.project_id) is None:
        raise Http404("该采购不存在或不在您的查看范围内。")
    if not engine.is_applicant_of(request.user, procurement.project):
        raise PermissionDenied("只有项目建设单位可以登记采购和合同。")
    return procurement


def _contract_or_404(request, pk: int):
    contract = selectors.contract_get(request.user, pk)
    if contract is None:
        raise Http404("该合同不存在或不在您的查看范围内。")
    return contract


def _detail(project) -> str:
    return reverse("procurement:project_detail", kwargs={"pk": project.pk})


def _recorded(request, form, service, *, success: str, project, arguments, title: str, intro: str = "", **extra):
    """POST with valid input: call the one service and go back to the project's page; otherwise (GET, bad
    input, a refusal) the form page again with the messages at their fields. `arguments()` gives the
    service's keyword arguments from the cleaned form."""
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(request, service, form=form, success=success, actor=request.user, **arguments())
        if ok:
            return redirect(_detail(project))
    context = {"form": form, "title": title, "project": project, "intro": intro, **extra}
    return render(request, "procurement/form.html", context)


@roles_required(*VIEWERS)
def project_list(request):
    projects = selectors.project_rows(request.user)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "procurement/project_list.html", {"page": page})


@roles_required(*VIEWERS)
def project_detail(request, pk: int):
    project = _project_or_404(request, pk)
    return render(request, "procurement/project_detail.html", selectors.procurement_page_context(request.user, project))


@roles_required(*APPLICANTS)
def procurement_create(request, pk: int):
    project = _own_project_or_404(request, pk)
    form = ProcurementForm(request.POST or None, initial={"procured_on": clock.today()})
    return _recorded(
        request,
        form,
        services.procurement_record,
        success="采购已登记。",
        project=project,
        arguments=lambda: {"project": project, **form.service_arguments()},
        title="登记采购",
        intro="第十一条：严格执行招标投标、政府采购制度；遵从优先采购本国货物、工程和服务的原则。"
        "采用非政府采购的，须写明不适用政府采购的法定理由；采购进口产品的，须说明理由。",
    )


@roles_required(*APPLICANTS)
def line_add(request, pk: int):
    procurement = _procurement_or_404(request, pk)
    form = LineForm(request.POST or None)
    return _recorded(
        request,
        form,
        services.procurement_line_add,
        success="采购标的已添加。",
        project=procurement.project,
        arguments=lambda: {"procurement": procurement, **form.line()},
        title=f"添加采购标的 · {procurement.subject}",
    )


@roles_required(*APPLICANTS)
def contract_create(request, pk: int):
    procurement = _procurement_or_404(request, pk)
    form = ContractForm(request.POST or None, request.FILES or None)
    return _recorded(
        request,
        form,
        services.contract_sign,
        success="合同已登记。",
        project=procurement.project,
        arguments=lambda: {"procurement": procurement, **form.service_arguments()},
        title=f"登记合同 · {procurement.subject}",
        intro="第十四条：按核定的投资概算实施，各概算类别的合同累计金额不得超过核定概算中该类的金额。",
        multipart=True,
        overview=selectors.money_overview(procurement.project),
    )


@roles_required(*APPLICANTS)
def licence_create(request, pk: int):
    project = _own_project_or_404(request, pk)
    form = LicenceForm(request.POST or None, request.FILES or None)
    return _recorded(
        request,
        form,
        services.licence_record,
        success="正版软件已登记。",
        project=project,
        arguments=lambda: {"project": project, **form.cleaned_data},
        title="登记正版软件",
        intro="第十一条：项目建设必须使用正版软件。",
        multipart=True,
    )


@roles_required(*FINANCE)
def payment_create(request, pk: int):
    contract = _contract_or_404(request, pk)
    allowed, why = engine.may(request.user, contract, "disburse")
    kinds = [(p.kind, p.get_kind_display()) for p in contract.parts.all()]
    form = PaymentForm(request.POST or None, kinds=kinds, initial={"paid_on": clock.today()})
    return _recorded(
        request,
        form,
        services.payment_record,
        success="拨付已登记。",
        project=contract.project,
        arguments=lambda: {"contract": contract, **form.cleaned_data},
        title=f"登记拨付 · {contract.number} {contract.name}",
        intro="第四条：市财政局负责电子政务项目财政性资金拨付。累计拨付不得超过合同金额、该年度安排资金和核定概算。",
        refusal="" if allowed else why,
        figures=selectors.payment_figures(contract, clock.today().year),
    )


@roles_required(*VIEWERS)
def contract_act(request, pk: int, action: str):
    """POST: a step of the contract's workflow that needs no page of its own (the table decides who may)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    contract = _contract_or_404(request, pk)
    transition = next((t for t in contract.workflow.transitions if t.action == action), None)
    if transition is None:
        raise Http404("没有这个操作。")
    run_service(
        request,
        engine.run_step,
        success=f"已完成：{transition.label}。",
        actor=request.user,
        obj=contract,
        action=action,
        reason=request.POST.get("reason", ""),
    )
    return redirect(_detail(contract.project))


def _ledger(request):
    form = LedgerFilterForm(request.GET or None, units=units_visible_to(request.user).order_by("code"))
    filters = form.filters()
    return form, filters, selectors.payment_ledger(request.user, **filters)


@roles_required(*VIEWERS)
def ledger(request):
    form, filters, payments = _ledger(request)
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.urlencode()
    return render(
        request,
        "procurement/ledger.html",
        {"form": form, "page": page, "total": selectors.ledger_total(payments), "query": query},
    )


@roles_required(*VIEWERS)
def ledger_xlsx(request):
    form, filters, payments = _ledger(request)
    audit_download(request, "payment_ledger.export", object_type="ledger", object_id="payments", filters=filters)
    return xlsx_response(exports.ledger_xlsx(payments), "资金拨付台账.xlsx", fallback="payments.xlsx")
