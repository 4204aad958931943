"""Accountability pages (第三十条): the list of violations (the Office's proposals to decide, its 扫描), one
violation with its evidence and measures, the Office's forms, and a unit's record. Views parse input, call
one service through run_service, and render; every view checks the role, then the object (404 outside what
the user may see)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.intake.models import Declaration
from egovpm.lifecycle.roles import OFFICE_ROLES
from egovpm.projects import engine
from egovpm.projects.models import Project
from egovpm.projects.unit_records import unit_records
from egovpm.projects.views import take_step
from egovpm.security.http import roles_required, run_service
from egovpm.supervision.models import Rectification

from . import domain, forms, selectors, services
from .models import Violation

PAGE_SIZE = 50
VIEWERS = tuple(selectors.VIEWER_ROLES)
OFFICE = tuple(OFFICE_ROLES)


def _violation_or_404(request, pk: int) -> Violation:
    violation = selectors.violation_get(request.user, pk)
    if violation is None:
        raise Http404("该记录不存在或不在您的查看范围内。")
    return violation


def _form_page(request, *, title: str, form, violation=None, intro: str = "", blocked: str = ""):
    return render(
        request,
        "accountability/form.html",
        {"title": title, "form": form, "violation": violation, "intro": intro, "blocked": blocked},
    )


@roles_required(*VIEWERS)
def violation_list(request):
    stage = request.GET.get("stage", "")
    stage = stage if stage in dict(Violation.workflow.choices()) else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in domain.KIND_BY_CODE else ""
    violations = selectors.violation_list(request.user, stage=stage, kind=kind)
    project_id = request.GET.get("project", "")
    if project_id.isdigit():
        violations = violations.filter(project_id=int(project_id))
    page = Paginator(violations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accountability/violation_list.html",
        {
            "page": page,
            "stage": stage,
            "kind": kind,
            "stages": Violation.workflow.choices(),
            "kinds": domain.KIND_CHOICES,
            "is_office": engine.is_office(request.user),
        },
    )


@roles_required(*OFFICE)
def scan(request):
    """POST (扫描): the detectors look through the records now, as the scheduled run does."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ok, made = run_service(request, services.violations_propose, success="", actor=request.user)
    if ok:
        messages.success(request, f"扫描完成：新提出 {len(made)} 项违规行为待认定。")
    return redirect("accountability:violation_list")


@roles_required(*OFFICE)
def violation_record(request):
    projects = selectors.projects_for(request.user)
    form = forms.ViolationForm(request.POST or None, request.FILES or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        ok, violation = run_service(
            request,
            services.violation_record,
            form=form,
            success="已登记违规行为，待认定。",
            actor=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("accountability:violation_detail", pk=violation.pk)
    intro = "第三十条：项目建设单位有下列行为之一的，应当承担相应的责任。登记后由办公室认定或不予认定，并说明理由。"
    return _form_page(request, title="登记违规行为", form=form, intro=intro)


@roles_required(*VIEWERS)
def violation_detail(request, pk: int):
    violation = _violation_or_404(request, pk)
    measures = selectors.measures_of(violation)
    for m in measures:
        m.persons_shown = domain.masked_persons(m.persons, request.user.roles)
    can_measure, _ = engine.may(request.user, violation, "record_measure")
    can_upload, _ = engine.may(request.user, violation, "upload")
    return render(
        request,
        "accountability/violation_detail.html",
        {
            "violation": violation,
            "measures": measures,
            "documents": list(violation.documents.all()),
            "actions": engine.available_actions(user=request.user, obj=violation),
            "can_measure": can_measure,
            "can_upload": can_upload,
        },
    )


@roles_required(*VIEWERS)
def act(request, pk: int, action: str):
    """POST: a transition of the table on a violation (认定, 不予认定), through the service the table names."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    violation = _violation_or_404(request, pk)
    take_step(request, violation, action)
    return redirect("accountability:violation_detail", pk=violation.pk)


@roles_required(*OFFICE)
def measure_record(request, pk: int):
    violation = _violation_or_404(request, pk)
    allowed, why = engine.may(request.user, violation, "record_measure")
    form = forms.MeasureForm(request.POST or None)
    if allowed and request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.measure_record,
            form=form,
            success="已记录处理决定。",
            actor=request.user,
            violation=violation,
            **form.cleaned_data,
        )
        if ok:
            return redirect("accountability:violation_detail", pk=violation.pk)
    return _form_page(request, title="记录处理", form=form, violation=violation, blocked="" if allowed else why)


@roles_required(*OFFICE)
def evidence_add(request, pk: int):
    violation = _violation_or_404(request, pk)
    allowed, why = engine.may(request.user, violation, "upload")
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)
    if allowed and request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.evidence_add,
            form=form,
            success="已上传证据。",
            actor=request.user,
            violation=violation,
            **form.cleaned_data,
        )
        if ok:
            return redirect("accountability:violation_detail", pk=violation.pk)
    return _form_page(request, title="上传证据", form=form, violation=violation, blocked="" if allowed else why)


@roles_required(*VIEWERS)
def unit_record(request, pk: int):
    """第三十条 and 第十八条, 第二十七条: the unit's record — violations with their measures, and every record
    the other apps register (criticisms, evaluation results) — and its rectification orders."""
    unit = selectors.unit_get(request.user, pk)
    if unit is None:
        raise Http404("该单位不存在或不在您的查看范围内。")
    violations = list(selectors.violations_visible_to(request.user).filter(unit=unit).prefetch_related("measures"))
    for v in violations:
        v.measures_shown = [(m, domain.masked_persons(m.persons, request.user.roles)) for m in v.measures.all()]
    rectifications = Rectification.objects.filter(unit=unit).select_related("project").order_by("-ordered_at")
    return render(
        request,
        "accountability/unit_record.html",
        {
            "unit": unit,
            "violations": violations,
            "records": unit_records([unit.pk]),
            "rectifications": list(rectifications),
        },
    )


# 第三十一条 ---------------------------------------------------------------------------------------------


def _classified_or_404(request, pk: int) -> Project:
    project = selectors.classified_projects_visible_to(request.user).filter(pk=pk).first()
    if project is None:
        raise Http404("该项目不存在或不在您的查看范围内。")
    return project


@roles_required(*VIEWERS)
def classified_list(request):
    return render(
        request,
        "accountability/classified_list.html",
        {
            "projects": list(selectors.classified_projects_visible_to(request.user)),
            "is_office": engine.is_office(request.user),
        },
    )


@roles_required(*OFFICE)
def classification_mark(request):
    projects = selectors.projects_for(request.user).filter(classification__isnull=True)
    form = forms.ClassificationForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        ok, marking = run_service(
            request,
            services.classification_mark,
            form=form,
            success="已标记为涉密项目。",
            actor=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("accountability:classified_detail", pk=marking.project_id)
    intro = "第三十一条：涉及国家秘密和国家有专门规定的电子政务项目建设，按有关规定办理。标记后本平台只登记项目的存在、建设单位和所处阶段，不再接收任何文件。"
    return _form_page(request, title="标记涉密项目", form=form, intro=intro)


@roles_required(*VIEWERS)
def classified_detail(request, pk: int):
    """第三十一条: a classified project shows its existence, unit and stage only, and the Secrecy bureau's
    guidance."""
    project = _classified_or_404(request, pk)
    latest = Declaration.objects.filter(project=project).order_by("-plan_year__year", "-id").first()
    return render(
        request,
        "accountability/classified_detail.html",
        {
            "project": project,
            "stage": latest.get_stage_display() if latest else "",
            "guidance": selectors.guidance_of(project),
            "refusal": domain.CLASSIFIED_REFUSAL,
            "is_office": engine.is_office(request.user),
        },
    )


@roles_required(*OFFICE)
def guidance_record(request, pk: int):
    project = _classified_or_404(request, pk)
    form = forms.GuidanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.guidance_record,
            form=form,
            success="已登记保密指导。",
            actor=request.user,
            project=project,
            **form.cleaned_data,
        )
        if ok:
            return redirect("accountability:classified_detail", pk=project.pk)
    return _form_page(request, title=f"登记保密指导：{project.code}", form=form)
