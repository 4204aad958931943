"""The construction pages (第十一条 to 第十六条): the list of each party, opening a funded project, the
construction page of a project, and one page per record the parties keep (responsibility, estimate,
progress, design change, adjustment, incident, sharing, upload). Views parse input, call one service
through run_service and render; the table decides who may."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.documents.models import DocumentKind
from egovpm.lifecycle.roles import APPLICANT_ROLES, BUSINESS_ROLES
from egovpm.projects import engine
from egovpm.projects.views import take_step
from egovpm.security.http import roles_required, run_service

from . import forms, selectors, selectors_page, services
from .models import Adjustment, AdjustmentStatus, Estimate, EstimateStatus
from .workflow import CONSTRUCTION

PAGE_SIZE = 50
VIEWERS = tuple(BUSINESS_ROLES)


def get_construction_or_404(request, pk: int):
    construction = selectors.construction_get(request.user, pk)
    if construction is None:
        raise Http404("该项目建设记录不存在或不在您的查看范围内。")
    return construction


def _party_or_403(user, construction, step: str) -> None:
    """Role and object: only the party the table names for `step` opens its page."""
    ok, why = engine.party_of(user, construction, step)
    if not ok:
        raise PermissionDenied(why)


@roles_required(*VIEWERS)
def construction_list(request):
    user = request.user
    form = forms.ConstructionFilterForm(request.GET or None, stages=CONSTRUCTION.choices())
    constructions = selectors.construction_list(user, **form.filters())
    page = Paginator(constructions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, selectors.is_behind_plan(c)) for c in page.object_list]
    can_open = bool(user.roles & APPLICANT_ROLES) and selectors_page.openable_projects(user).exists()
    return render(request, "construction/list.html", {"form": form, "page": page, "rows": rows, "can_open": can_open})


@roles_required(*APPLICANT_ROLES)
def construction_open(request):
    projects = list(selectors_page.openable_projects(request.user))
    form = forms.OpenForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        project = next(p for p in projects if p.pk == form.cleaned_data["project"])
        ok, construction = run_service(
            request,
            services.construction_open,
            form=form,
            success="已开始建设准备：请确定项目实施机构和项目负责人，报送初步设计方案和投资概算。",
            actor=request.user,
            project=project,
            involves_secrets=form.cleaned_data["involves_secrets"],
        )
        if ok:
            return redirect("construction:detail", pk=construction.pk)
    return render(request, "construction/open.html", {"form": form, "projects": projects})


@roles_required(*VIEWERS)
def construction_detail(request, pk: int):
    construction = get_construction_or_404(request, pk)
    context = selectors_page.construction_page_context(request.user, construction)
    return render(request, "construction/detail.html", context)


@roles_required(*VIEWERS)
def construction_act(request, pk: int, action: str):
    """POST: start construction or declare it completed. The table decides who may."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    take_step(request, get_construction_or_404(request, pk), action)
    return redirect("construction:detail", pk=pk)


def _record_page(request, construction, *, step: str, form, service, success: str, arguments=None, **context):
    """A page that records one thing through one service: the party of `step` only; the refusal of the
    table (the stage, a guard) is shown before the form is filled in."""
    _party_or_403(request.user, construction, step)
    allowed, why = engine.may(request.user, construction, step)
    if request.method == "POST" and form.is_valid():
        kwargs = arguments(form) if arguments else form.cleaned_data
        ok, _ = run_service(
            request, service, form=form, success=success, actor=request.user, construction=construction, **kwargs
        )
        if ok:
            return redirect("construction:detail", pk=construction.pk)
    step_info = engine.step_of(construction, step)
    return render(
        request,
        context.pop("template", "construction/record_form.html"),
        {
            "construction": construction,
            "form": form,
            "title": step_info.label,
            "article": step_info.article,
            "refusal": "" if allowed else why,
            **context,
        },
    )


def _form(request, form_class, **kwargs):
    return form_class(request.POST or None, request.FILES or None, **kwargs)


@roles_required(*APPLICANT_ROLES)
def responsibility_record(request, pk: int):
    construction = get_construction_or_404(request, pk)
    latest = construction.responsibilities.first()
    initial = {f: getattr(latest, f) for f in forms.ResponsibilityForm.base_fields if hasattr(latest, f)}
    return _record_page(
        request,
        construction,
        step="record_responsibility",
        form=_form(request, forms.ResponsibilityForm, initial=initial),
        service=services.responsibility_record,
        success="已登记项目责任制（第十二条）。",
        arguments=lambda f: {
            "data": f.cleaned_data,
            "management_rules": f.cleaned_data.get("management_rules"),
        },
    )


@roles_required(*APPLICANT_ROLES)
def estimate_submit(request, pk: int):
    construction = get_construction_or_404(request, pk)
    return _record_page(
        request,
        construction,
        step="submit_estimate",
        form=_form(request, forms.EstimateForm),
        service=services.estimate_submit,
        success="已报送初步设计方案和投资概算，待项目审批部门核定（第十四条）。",
        arguments=lambda f: f.service_arguments(),
        template="construction/items_form.html",
    )


@roles_required(*APPLICANT_ROLES)
def adjustment_request(request, pk: int):
    construction = get_construction_or_404(request, pk)
    baseline = selectors.approved_amounts(construction.project)
    initial = {f"item_{kind}": amount for kind, amount in baseline.items()}
    return _record_page(
        request,
        construction,
        step="request_adjustment",
        form=_form(request, forms.AdjustmentForm, initial=initial),
        service=services.adjustment_request,
        success="已提交概算调整报告，请待项目审批部门批准后再实施调整（第十四条）。",
        arguments=lambda f: f.service_arguments(),
        template="construction/items_form.html",
        baseline=baseline,
    )


@roles_required(*APPLICANT_ROLES)
def progress_report(request, pk: int):
    construction = get_construction_or_404(request, pk)
    return _record_page(
        request,
        construction,
        step="report_progress",
        form=_form(request, forms.ProgressForm),
        service=services.progress_report_submit,
        success="已报告建设进度（第十二条）。",
        arguments=lambda f: {"data": f.cleaned_data},
    )


@roles_required(*APPLICANT_ROLES)
def design_change_report(request, pk: int):
    construction = get_construction_or_404(request, pk)
    approved = list(construction.adjustments.filter(status=AdjustmentStatus.APPROVED))
    return _record_page(
        request,
        construction,
        step="report_design_change",
        form=_form(request, forms.DesignChangeForm, adjustments=approved),
        service=services.design_change_report,
        success="已报告设计变更（第十二条、第十四条）。",
        arguments=lambda f: f.service_arguments(),
    )


@roles_required(*APPLICANT_ROLES)
def incident_report(request, pk: int):
    construction = get_construction_or_404(request, pk)
    return _record_page(
        request,
        construction,
        step="report_incident",
        form=_form(request, forms.IncidentForm),
        service=services.incident_report,
        success="已向项目审批部门报告（第十五条）。",
    )


@roles_required(*APPLICANT_ROLES)
def sharing_record(request, pk: int):
    construction = get_construction_or_404(request, pk)
    entries = list(selectors.catalog_entries_of(construction.project))
    return _record_page(
        request,
        construction,
        step="record_sharing",
        form=_form(request, forms.SharingForm, entries=entries),
        service=services.sharing_record,
        success="已登记接入市政务信息资源共享交换平台（第十六条）。",
    )


@roles_required(*CONSTRUCTION.activity("exempt_sharing", "under_construction").roles)
def sharing_exempt(request, pk: int):
    construction = get_construction_or_404(request, pk)
    return _record_page(
        request,
        construction,
        step="exempt_sharing",
        form=_form(request, forms.ReasonForm),
        service=services.sharing_exempt,
        success="已记录不适用接入共享交换平台的理由（第十六条）。",
    )


@roles_required(*APPLICANT_ROLES)
def document_upload(request, pk: int):
    construction = get_construction_or_404(request, pk)
    kinds = CONSTRUCTION.activity("upload", construction.stage).kinds
    return _record_page(
        request,
        construction,
        step="upload",
        form=_form(request, forms.UploadForm, kinds=[(k, DocumentKind(k).label) for k in kinds]),
        service=services.construction_document_upload,
        success="已上传建设材料。",
        arguments=lambda f: {"kind": f.cleaned_data["kind"], "upload": f.cleaned_data["file"]},
    )


# The decisions of the 项目审批部门 (第十四条): the record pending, the table's activity, the choices and, for
# each, the service, the keyword its text goes to and what the page says.
DECISIONS = {
    "estimate": {
        "model": Estimate,
        "pending": EstimateStatus.SUBMITTED,
        "missing": "没有待核定的概算。",
        "step": "decide_estimate",
        "template": "construction/estimate_decide.html",
        "choices": (("approve", "核定"), ("return", "退回修改")),
        "services": {
            "approve": (services.estimate_approve, "opinion", "已核定初步设计方案和投资概算（第十四条）。"),
            "return": (services.estimate_return, "reason", "已退回概算，项目建设单位可修改后重新报送。"),
        },
    },
    "adjustment": {
        "model": Adjustment,
        "pending": AdjustmentStatus.SUBMITTED,
        "missing": "没有待审批的调整报告。",
        "step": "decide_adjustment",
        "template": "construction/adjustment_decide.html",
        "choices": (("approve", "批准调整"), ("refuse", "不予批准")),
        "services": {
            "approve": (services.adjustment_approve, "opinion", "已批准概算调整，调整后的概算为新的核定概算。"),
            "refuse": (services.adjustment_refuse, "reason", "已不予批准该调整报告。"),
        },
    },
}


@roles_required(*VIEWERS)
def decide(request, subject: str, pk: int):
    """The 项目审批部门 approves or returns an estimate, approves or refuses an adjustment request."""
    spec = DECISIONS.get(subject)
    record = spec and spec["model"].objects.filter(pk=pk, status=spec["pending"]).first()
    if record is None:
        raise Http404(spec["missing"] if spec else "没有这个事项。")
    construction = get_construction_or_404(request, record.construction_id)
    _party_or_403(request.user, construction, spec["step"])
    form = forms.DecisionForm(request.POST or None, choices=spec["choices"])
    if request.method == "POST" and form.is_valid():
        service, keyword, success = spec["services"][form.cleaned_data["decision"]]
        ok, _ = run_service(
            request,
            service,
            form=form,
            success=success,
            actor=request.user,
            **{subject: record, keyword: form.cleaned_data["reason"]},
        )
        if ok:
            return redirect("construction:detail", pk=construction.pk)
    allowed, why = engine.may(request.user, construction, spec["step"])
    return render(
        request,
        spec["template"],
        {
            "construction": construction,
            "record": record,
            "form": form,
            "refusal": "" if allowed else why,
            **selectors_page.item_rows(record, with_baseline=subject == "adjustment"),
        },
    )
