"""Operations pages (第二十一条 to 第二十四条): the list of operations, one project's operations page, the
Audit bureau's final audits, and a page for each use case. Views parse input, call one service through
run_service and render; every view checks the role, then the object (404 outside what the user may see)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.intake.models import PlanYear
from egovpm.intake.selectors import declaration_windows
from egovpm.lifecycle.roles import APPLICANT_ROLES
from egovpm.projects import engine
from egovpm.projects.views import take_step
from egovpm.security.http import roles_required, run_service

from . import domain, forms, selectors, services
from .models import Operation
from .workflow import AUDIT_ROLES, OPERATION

PAGE_SIZE = 50
VIEWERS = tuple(selectors.VIEWER_ROLES)
UNIT = tuple(APPLICANT_ROLES)
AUDIT = tuple(AUDIT_ROLES)

# The records whose table transitions a page posts to `act` (url name → getter).
RECORDS = {"operation": selectors.operation_get, "final_audit": selectors.final_audit_get}


def _project_or_404(request, pk: int):
    project = selectors.project_get(request.user, pk)
    if project is None:
        raise Http404("该项目不存在或不在您的查看范围内。")
    return project


def _or_404(found):
    if found is None:
        raise Http404("该记录不存在或不在您的查看范围内。")
    return found


def _own_operation(request, pk: int):
    """The operation of the user's own unit (403 for another party who may see it, 404 outside)."""
    operation = _or_404(selectors.operation_get(request.user, pk))
    if not engine.is_applicant_of(request.user, operation):
        raise Http404("该记录不存在或不在您的查看范围内。")
    return operation


def _page(
    request,
    *,
    project,
    form,
    service,
    success: str,
    title: str,
    intro: str = "",
    blocked: str = "",
    project_argument: bool = False,
    **args,
):
    """A use case on its own page: unless `blocked`, a valid POST runs `service` with the form's data and
    goes back to the project's operations page; otherwise the form (or why not) again."""
    if project_argument:
        args["project"] = project
    if not blocked and request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request, service, form=form, success=success, actor=request.user, **args, **form.cleaned_data
        )
        if ok:
            return redirect("operations:project_detail", pk=project.pk)
    return render(
        request,
        "operations/form.html",
        {"project": project, "title": title, "form": form, "intro": intro, "blocked": blocked},
    )


@roles_required(*VIEWERS)
def operation_list(request):
    stage = request.GET.get("stage", "")
    mode = request.GET.get("mode", "")
    q = request.GET.get("q", "").strip()
    rows = selectors.operation_list(
        request.user,
        stage=stage if stage in dict(OPERATION.choices()) else "",
        mode=mode if mode in dict(domain.MODES) else "",
        q=q,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "operations/operation_list.html",
        {
            "page": page,
            "q": q,
            "stage": stage,
            "mode": mode,
            "stages": OPERATION.stages,
            "modes": domain.MODES,
            "awaiting": selectors.awaiting_projects(request.user),
        },
    )


@roles_required(*VIEWERS)
def project_detail(request, pk: int):
    project = _project_or_404(request, pk)
    context = selectors.project_page_context(request.user, project)
    return render(request, "operations/project_detail.html", context)


@roles_required(*VIEWERS)
def act(request, pk: int, action: str, record: str):
    """POST: a transition of the table on an operations record, through the service the table names."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    obj = _or_404(RECORDS[record](request.user, pk))
    take_step(request, obj, action)
    return redirect("operations:project_detail", pk=obj.project_id)


@roles_required(*UNIT)
def prepare(request, pk: int):
    """第二十二条: the unit's 运行机构, 管理制度 and O&M costs (the first time opens the operation)."""
    project = _project_or_404(request, pk)
    if not engine.is_applicant_of(request.user, project):
        raise Http404("该项目不存在或不在您的查看范围内。")
    operation = Operation.objects.filter(project=project).first()
    initial = (
        {"operating_body": operation.operating_body, "cost_assurance": operation.cost_assurance} if operation else {}
    )
    blocked = ""
    if operation is None and not selectors.is_accepted(project):
        blocked = domain.NOT_ACCEPTED_OPERATION
    elif operation is not None:
        allowed, why = engine.may(request.user, operation, "record_preparation")
        blocked = "" if allowed else why
    return _page(
        request,
        project=project,
        form=forms.PrepareForm(request.POST or None, request.FILES or None, initial=initial),
        service=services.operation_prepare,
        success="已登记项目运行机构、管理制度和运行维护费用落实情况。",
        title="登记项目运行机构和管理制度",
        intro="第二十二条：电子政务项目建成后的运行管理实行项目建设单位负责制。项目建设单位应确立项目运行机构，制定相应的管理制度，加强日常运行和维护管理，落实运行维护费用。",
        blocked=blocked,
        project_argument=True,
    )


@roles_required(*UNIT)
def mode_set(request, pk: int):
    operation = _own_operation(request, pk)
    allowed, why = engine.may(request.user, operation, "set_mode")
    return _page(
        request,
        project=operation.project,
        form=forms.ModeForm(
            request.POST or None,
            procurements=selectors.government_procurements(operation.project),
            initial={
                "mode": operation.mode,
                "entrusted_body": operation.entrusted_body,
                "entrusted_qualification": operation.entrusted_qualification,
                "procurement": operation.procurement_id,
            },
        ),
        service=services.operation_mode_set,
        success="运行维护方式已登记。",
        title="确定或变更运行维护方式",
        intro="第二十三条：运行维护方式有项目建设单位自管、集中运维或外包运维。适合集中运维方式的，应委托符合有关规定的机构负责运行维护；采用外包运行维护方式的，应进行政府采购（须先在“采购与合同”中登记本项目的政府采购）。",
        blocked="" if allowed else why,
        operation=operation,
    )


@roles_required(*UNIT)
def incident_record(request, pk: int):
    operation = _own_operation(request, pk)
    allowed, why = engine.may(request.user, operation, "record_incident")
    return _page(
        request,
        project=operation.project,
        form=forms.IncidentForm(request.POST or None),
        service=services.operation_incident_record,
        success="运行事件已登记。",
        title="登记运行事件",
        intro="安全事件、故障和运行中断按项目登记，作为应用评估和责任追究的依据。时间为北京时间。",
        blocked="" if allowed else why,
        operation=operation,
    )


@roles_required(*UNIT)
def incident_resolve(request, pk: int):
    incident = _or_404(selectors.incident_get(request.user, pk))
    operation = _own_operation(request, incident.operation_id)
    allowed, why = engine.may(request.user, operation, "resolve_incident")
    if incident.resolved_at is not None:
        allowed, why = False, "该运行事件已登记处置完成。"
    return _page(
        request,
        project=operation.project,
        form=forms.IncidentResolveForm(request.POST or None, initial={"measures": incident.measures}),
        service=services.operation_incident_resolve,
        success="已登记处置完成。",
        title="登记运行事件处置完成",
        intro=f"{incident.get_kind_display()}（{incident.get_severity_display()}）：{incident.description}",
        blocked="" if allowed else why,
        incident=incident,
    )


@roles_required(*UNIT)
def maintenance_declare(request, pk: int):
    """第二十四条: next year's O&M declaration of the project, created through intake's own service."""
    operation = _own_operation(request, pk)
    allowed, why = engine.may(request.user, operation, "declare_maintenance")
    open_years, closed = declaration_windows()
    if allowed and not open_years:
        allowed, why = False, closed
    form = forms.MaintenanceDeclarationForm(
        request.POST or None, plan_years=PlanYear.objects.filter(pk__in=[py.pk for py in open_years])
    )
    if allowed and request.method == "POST" and form.is_valid():
        ok, declaration = run_service(
            request,
            services.operation_maintenance_declare,
            form=form,
            success="运行维护经费申报已保存为草稿：请上传项目状况说明书和预算清单后报送。",
            actor=request.user,
            operation=operation,
            **form.cleaned_data,
        )
        if ok:
            return redirect("intake:declaration_detail", pk=declaration.pk)
    return render(
        request,
        "operations/form.html",
        {
            "project": operation.project,
            "title": "申报下一年度运行维护经费",
            "form": form,
            "intro": "第二十四条：电子政务项目运行维护经费由项目建设单位根据有关标准，按第二章所述一般申报程序进行申报，经审核后列入部门年度预算。申报须在年度计划申报截止日前报送，并附项目状况说明书和预算清单（第七条(一)）。",
            "blocked": "" if allowed else why,
        },
    )


@roles_required(*VIEWERS)
def final_audit_list(request):
    stage = request.GET.get("stage", "")
    audits = selectors.final_audit_list(request.user, stage=stage if stage in ("open", "closed") else "")
    page = Paginator(audits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "operations/final_audit_list.html", {"page": page, "stage": stage})


@roles_required(*AUDIT)
def final_audit_open(request, pk: int):
    """第二十一条: the Audit bureau opens the final audit of an accepted project."""
    project = _project_or_404(request, pk)
    blocked = "" if selectors.is_accepted(project) else domain.NOT_ACCEPTED_AUDIT
    if hasattr(project, "final_audit"):
        blocked = "该项目已开展竣工决算审计。"
    return _page(
        request,
        project=project,
        form=forms.FinalAuditForm(request.POST or None),
        service=services.final_audit_open,
        success="已开始竣工决算审计。",
        title="开展竣工决算审计",
        intro="第二十一条：未通过验收的项目，市审计部门不予审计。",
        blocked=blocked,
        project_argument=True,
    )


@roles_required(*AUDIT)
def audit_finding_record(request, pk: int):
    audit = _or_404(selectors.final_audit_get(request.user, pk))
    allowed, why = engine.may(request.user, audit, "record_audit_finding")
    return _page(
        request,
        project=audit.project,
        form=forms.AuditFindingForm(request.POST or None, request.FILES or None),
        service=services.final_audit_finding_record,
        success="已记录审计发现。",
        title="记录审计发现",
        blocked="" if allowed else why,
        final_audit=audit,
    )
