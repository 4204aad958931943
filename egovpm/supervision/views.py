"""Supervision pages (第十三条, 第十七条, 第十八条): the list of projects under supervision, the firm's
workspace, one project's supervision page, and a page for each use case. Views parse input, call one
service through run_service, and render; every view checks the role, then the object (404 outside what
the user may see)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, SUPERVISION_FIRM_ROLES
from egovpm.orgs.models import Unit, UnitKind
from egovpm.projects import engine
from egovpm.projects import services as project_services
from egovpm.projects.models import Restriction
from egovpm.projects.views import take_step
from egovpm.security.http import roles_required, run_service

from . import forms, selectors, services
from .workflows import REQUESTER_ROLES

PAGE_SIZE = 50
VIEWERS = tuple(selectors.VIEWER_ROLES)
OFFICE = tuple(OFFICE_ROLES)
FIRM = tuple(SUPERVISION_FIRM_ROLES)
ASSIGNERS = tuple(OFFICE_ROLES | APPLICANT_ROLES)
REQUESTERS = tuple(REQUESTER_ROLES)

# The records whose table transitions a page posts to `act` (url name → getter).
RECORDS = {
    "supervision": selectors.supervision_get,
    "request": selectors.information_request_get,
    "inspection": selectors.inspection_get,
    "rectification": selectors.rectification_get,
}


def _project_or_404(request, pk: int):
    project = selectors.project_get(request.user, pk)
    if project is None:
        raise Http404("该项目不存在或不在您的查看范围内。")
    return project


def _or_404(found):
    if found is None:
        raise Http404("该记录不存在或不在您的查看范围内。")
    return found


def _form_page(request, *, project, title: str, form, intro: str = "", blocked: str = "", submit: str = "提交"):
    return render(
        request,
        "supervision/form.html",
        {"project": project, "title": title, "form": form, "intro": intro, "blocked": blocked, "submit": submit},
    )


@roles_required(*VIEWERS)
def project_list(request):
    q = request.GET.get("q", "").strip()
    restricted = request.GET.get("restricted") == "1"
    projects = selectors.project_list(request.user, q=q, restricted=restricted)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/project_list.html", {"page": page, "q": q, "restricted": restricted})


@roles_required(*FIRM)
def workspace(request):
    """第十三条: the supervision firm's own projects, and nothing else."""
    return render(
        request,
        "supervision/workspace.html",
        {"supervisions": selectors.firm_workspace(request.user), "firm": request.user.unit},
    )


@roles_required(*VIEWERS)
def project_detail(request, pk: int):
    project = _project_or_404(request, pk)
    context = selectors.project_page_context(request.user, project)
    user = request.user
    context |= {
        "file_form": forms.ActFileForm(),
        "can_assign": engine.is_office(user) or engine.is_applicant_of(user, project),
        "can_request": bool(user.roles & REQUESTER_ROLES),
        "is_office": engine.is_office(user),
        "is_unit": user.unit_id == project.unit_id,
    }
    return render(request, "supervision/project_detail.html", context)


@roles_required(*VIEWERS)
def act(request, pk: int, action: str, record: str):
    """POST: a transition of the table on a supervision record, through the service the table names."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    obj = _or_404(RECORDS[record](request.user, pk))
    take_step(request, obj, action)
    return redirect("supervision:project_detail", pk=obj.project_id)


@roles_required(*ASSIGNERS)
def assign(request, pk: int):
    project = _project_or_404(request, pk)
    intro = "第十三条：项目建设单位应按照信息工程监理的有关规定，委托具有信息工程监理相应资质的工程监理单位，对项目建设进行工程监理。"
    return _decision_page(
        request,
        project=project,
        form=forms.AssignForm(request.POST or None, request.FILES or None, firms=selectors.firms()),
        service=services.supervision_assign,
        success="已委托监理单位。",
        page={"title": "委托监理单位", "intro": intro},
        project_argument=True,
    )


@roles_required(*FIRM)
def report_file(request, pk: int):
    supervision = _or_404(selectors.supervision_get(request.user, pk))
    allowed, why = engine.may(request.user, supervision, "file_report")
    return _decision_page(
        request,
        project=supervision.project,
        form=forms.ReportForm(request.POST or None, request.FILES or None),
        service=services.supervision_report_file,
        success="监理报告已报送。",
        page={"title": "报送监理报告"},
        blocked="" if allowed else why,
        supervision=supervision,
    )


@roles_required(*REQUESTERS)
def request_create(request, pk: int):
    project = _project_or_404(request, pk)
    intro = "第十七条：项目建设单位应接受项目审批部门及有关部门的监督管理，如实提供建设项目有关的资料和情况，不得拒绝、隐匿、瞒报。"
    return _decision_page(
        request,
        project=project,
        form=forms.InformationRequestForm(request.POST or None),
        service=services.information_request_create,
        success="已要求项目建设单位提供资料和情况。",
        page={"title": "要求提供资料和情况", "intro": intro},
        project_argument=True,
    )


@roles_required(*OFFICE)
def inspection_open(request, pk: int):
    return _decision_page(
        request,
        project=_project_or_404(request, pk),
        form=forms.InspectionForm(request.POST or None),
        service=services.inspection_open,
        success="已开始稽察。",
        page={"title": "组织稽察", "submit": "开始稽察"},
        project_argument=True,
    )


@roles_required(*OFFICE)
def finding_record(request, pk: int):
    inspection = _or_404(selectors.inspection_get(request.user, pk))
    allowed, why = engine.may(request.user, inspection, "record_finding")
    return _decision_page(
        request,
        project=inspection.project,
        form=forms.FindingForm(request.POST or None, request.FILES or None),
        service=services.finding_record,
        success="已记录稽察发现。",
        page={"title": "记录稽察发现"},
        blocked="" if allowed else why,
        inspection=inspection,
    )


def _decision_page(
    request,
    *,
    project,
    form,
    service,
    success: str,
    page: dict,
    blocked: str = "",
    project_argument: bool = False,
    **arguments,
):
    """A record or decision of supervision on its own page: unless `blocked`, a valid POST runs `service`
    with the form's data (and the project itself where `project_argument`) and goes back to the project's
    supervision page; otherwise the form (or why not) again."""
    if project_argument:
        arguments["project"] = project
    if not blocked and request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request, service, form=form, success=success, actor=request.user, **arguments, **form.cleaned_data
        )
        if ok:
            return redirect("supervision:project_detail", pk=project.pk)
    return _form_page(request, project=project, form=form, blocked=blocked, **page)


@roles_required(*OFFICE)
def sanction_apply(request, pk: int):
    rectification = _or_404(selectors.rectification_get(request.user, pk))
    allowed, why = engine.may(request.user, rectification, "apply_sanction")
    intro = f"整改要求：{rectification.requirement}（期限 {rectification.due:%Y-%m-%d}）。第十八条：对拒不整改或整改后仍不符合要求的，项目审批部门可对其进行通报批评、暂缓拨付建设资金、暂停项目建设、直至终止项目。"
    return _decision_page(
        request,
        project=rectification.project,
        form=forms.SanctionForm(request.POST or None),
        service=services.sanction_apply,
        success="处理决定已作出。",
        page={"title": "予以处理", "intro": intro, "submit": "作出处理决定"},
        blocked="" if allowed else why,
        rectification=rectification,
    )


@roles_required(*OFFICE)
def rectification_extend(request, pk: int):
    """第十八条: the Office extends an order's deadline (after it, the unit can answer no more)."""
    rectification = _or_404(selectors.rectification_get(request.user, pk))
    due = selectors.rectification_due(rectification)
    intro = f"整改要求：{rectification.requirement}（现行期限 {due:%Y-%m-%d}）。期限届满后项目建设单位不能再报送整改情况；确需延期的，由办公室延长期限并说明理由。"
    return _decision_page(
        request,
        project=rectification.project,
        form=forms.ExtendForm(request.POST or None),
        service=project_services.deadline_extend,
        success="整改期限已延长。",
        page={"title": "延长整改期限", "intro": intro, "submit": "延长期限"},
        blocked="整改已通过复查，无需延期。" if rectification.stage == "accepted" else "",
        obj=rectification,
        key=selectors.RECTIFICATION_KEY,
    )


@roles_required(*OFFICE)
def restriction_lift(request, pk: int):
    restriction = get_object_or_404(Restriction.objects.select_related("project"), pk=pk)
    project = _project_or_404(request, restriction.project_id)
    blocked = "终止项目的决定不能解除（第十八条）。" if restriction.kind == Restriction.Kind.TERMINATE else ""
    if not restriction.active:
        blocked = "该措施已解除。"
    return _decision_page(
        request,
        project=project,
        form=forms.LiftForm(request.POST or None),
        service=project_services.restriction_lift,
        success="已解除。",
        page={"title": f"解除：{restriction.get_kind_display()}"},
        blocked=blocked,
        restriction=restriction,
    )


@roles_required(*OFFICE)
def firm_list(request):
    return render(request, "supervision/firm_list.html", {"rows": selectors.firm_list()})


@roles_required(*OFFICE)
def qualification_record(request, pk: int):
    firm = get_object_or_404(Unit, pk=pk, kind=UnitKind.SUPERVISION_FIRM)
    form = forms.QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.firm_qualification_record,
            form=form,
            success="已登记资质。",
            actor=request.user,
            firm=firm,
            **form.cleaned_data,
        )
        if ok:
            return redirect("supervision:firm_list")
    return _form_page(request, project=None, title=f"登记资质：{firm}", form=form)
