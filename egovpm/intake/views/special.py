"""第八条, 第九条 pages: the special applications, the application letter, the Office's exceptions, the
joint review, the written opinion and Finance's funds. Views parse input, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from egovpm.intake import selectors, selectors_special
from egovpm.intake.forms.special import (
    SpecialApplicationForm,
    SpecialCreateForm,
    SpecialExceptionForm,
)
from egovpm.intake.models import Procedure
from egovpm.intake.services import special as services
from egovpm.lifecycle.roles import APPLICANT_ROLES, OFFICE_ROLES, Role
from egovpm.lifecycle.workflows import SPECIAL
from egovpm.security.http import roles_required, run_service

from .detail import get_own_declaration_or_404

APPLICANTS = tuple(APPLICANT_ROLES)
OFFICE = tuple(OFFICE_ROLES)


def _special_or_404(declaration):
    if declaration.procedure != Procedure.SPECIAL:
        raise Http404("该项目不是特殊申报程序的申请。")
    return declaration


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@roles_required(*APPLICANTS, *OFFICE, Role.FINANCE_REVIEWER)
def special_list(request):
    user = request.user
    stage = request.GET.get("stage", "")
    if stage not in {s.code for s in SPECIAL.stages}:
        stage = ""
    declarations = selectors_special.special_declarations(user, stage=stage)
    return render(
        request,
        "intake/special_list.html",
        {
            "declarations": declarations,
            "stage": stage,
            "stages": SPECIAL.choices(),
            "can_apply": user.has_role(*APPLICANTS),
            "is_office": bool(user.roles & OFFICE_ROLES),
            "is_finance": user.has_role(Role.FINANCE_REVIEWER),
        },
    )


@roles_required(*APPLICANTS)
def special_create(request):
    user = request.user
    plan_years = selectors_special.special_plan_years()
    projects = selectors_special.projects_of_unit(user)
    initial = {"plan_year": plan_years.first()}
    if request.method == "GET" and request.GET.get("project"):
        project = projects.filter(pk=_int(request.GET["project"])).first()
        if project is not None:
            previous = selectors.latest_declaration_of(project)
            initial.update(SpecialApplicationForm.initial_from(previous) if previous else {"name": project.name})
            initial["project"] = project
    form = SpecialCreateForm(
        request.POST if request.method == "POST" else None, plan_years=plan_years, projects=projects, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        ok, declaration = run_service(
            request,
            services.special_create,
            form=form,
            success="启动特殊申报程序申请书已保存为草稿，请核对后提交办公室。",
            actor=user,
            plan_year=form.cleaned_data["plan_year"],
            name=form.cleaned_data["name"],
            data=form.application_data(),
            project=form.cleaned_data["project"],
            **form.letter_data(),
        )
        if ok:
            return redirect("intake:declaration_detail", pk=declaration.pk)
    return render(
        request,
        "intake/special_form.html",
        {"form": form, "creating": True, "has_plan_years": plan_years.exists(), "has_projects": projects.exists()},
    )


@roles_required(*APPLICANTS)
def special_edit(request, pk: int):
    declaration = _special_or_404(get_own_declaration_or_404(request, pk))
    if request.method != "POST" and declaration.stage != "draft":
        messages.error(request, "申请书已提交，不能再修改。")
        return redirect("intake:declaration_detail", pk=pk)
    form = SpecialApplicationForm(
        request.POST if request.method == "POST" else None, initial=SpecialApplicationForm.initial_from(declaration)
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.special_update,
            form=form,
            success="启动特殊申报程序申请书已保存。",
            actor=request.user,
            declaration=declaration,
            name=form.cleaned_data["name"],
            data=form.application_data(),
            **form.letter_data(),
        )
        if ok:
            return redirect("intake:declaration_detail", pk=pk)
    return render(request, "intake/special_form.html", {"form": form, "declaration": declaration})


@roles_required(*OFFICE)
def special_exception_list(request):
    choices = selectors_special.exception_choices()
    form = SpecialExceptionForm(
        request.POST if request.method == "POST" else None,
        initial={"unit": request.GET.get("unit"), "project": request.GET.get("project")},
        **choices,
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            services.special_exception_grant,
            form=form,
            success="已记录例外：该单位本年度可就同一事项再次申请启动特殊申报程序。",
            actor=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("intake:special_exception_list")
    return render(
        request,
        "intake/special_exception_list.html",
        {"form": form, "exceptions": selectors_special.special_exceptions()},
    )
