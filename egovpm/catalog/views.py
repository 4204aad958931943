"""第七条(三), 第十六条 政务信息资源目录: the project's unit compiles it with the feasibility materials and
keeps it up to date until the project is accepted; whoever can see the project reads it, its history, and
downloads it for the sharing platform."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.catalog import services as catalog_services
from egovpm.intake import exports
from egovpm.lifecycle.roles import BUSINESS_ROLES, Role
from egovpm.projects.engine import is_applicant_of
from egovpm.projects.project_pages import project_sections
from egovpm.security.http import audit_download, roles_required, run_service

from . import selectors
from .exports import catalog_xlsx
from .forms import CatalogEntryForm


def _project_or_404(request, pk: int):
    project = selectors.catalog_project_get(request.user, pk)
    if project is None:
        raise Http404("该项目不存在或不在您的查看范围内。")
    return project


def _own_entry_or_404(request, pk: int):
    """An entry of a project of the user's own unit (404 when not visible, 403 when visible but not own)."""
    entry = selectors.catalog_entry_get(request.user, pk)
    if entry is None:
        raise Http404("该目录条目不存在或不在您的查看范围内。")
    if not is_applicant_of(request.user, entry.project):
        raise PermissionDenied("只有项目建设单位可以修改政务信息资源目录。")
    return entry


@roles_required(*BUSINESS_ROLES)
def project_catalog(request, pk: int):
    """The project's catalog and its history; on POST the project's unit adds an entry."""
    project = _project_or_404(request, pk)
    form = CatalogEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            catalog_services.catalog_entry_save,
            form=form,
            success="已登记目录条目。",
            actor=request.user,
            project=project,
            data=form.cleaned_data,
        )
        if ok:
            return redirect("catalog:project_catalog", pk=project.pk)
    editable, why_not = selectors.catalog_editable(request.user, project)
    return render(
        request,
        "catalog/catalog_list.html",
        {
            "project": project,
            "declaration": selectors.catalog_declaration(project),
            "entries": list(selectors.catalog_entries_of(project)),
            "history": selectors.catalog_history(project),
            "form": form,
            "editable": editable,
            "why_not": why_not if is_applicant_of(request.user, project) else "",
            # sections the apps above add (duplication's 第五条 shared resources)
            "project_sections": project_sections(request.user, project, page="catalog"),
        },
    )


@roles_required(Role.UNIT_CLERK, Role.UNIT_LEADER)
def catalog_entry_edit(request, pk: int):
    entry = _own_entry_or_404(request, pk)
    project = entry.project
    form = CatalogEntryForm.for_entry(entry, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            catalog_services.catalog_entry_save,
            form=form,
            success="已修改目录条目，原版本已保留。",
            actor=request.user,
            project=project,
            data=form.cleaned_data,
            entry=entry,
            version=form.cleaned_data["version"],
        )
        if ok:
            return redirect("catalog:project_catalog", pk=project.pk)
    editable, why_not = selectors.catalog_editable(request.user, project)
    return render(
        request,
        "catalog/entry_edit.html",
        {"project": project, "entry": entry, "form": form, "editable": editable, "why_not": why_not},
    )


@roles_required(Role.UNIT_CLERK, Role.UNIT_LEADER)
def catalog_entry_delete(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = _own_entry_or_404(request, pk)
    run_service(
        request,
        catalog_services.catalog_entry_delete,
        success=f"已删除目录条目“{entry.name}”，其历史版本已保留。",
        actor=request.user,
        entry=entry,
    )
    return redirect("catalog:project_catalog", pk=entry.project_id)


@roles_required(*BUSINESS_ROLES)
def catalog_download(request, pk: int):
    """The project's catalog as XLSX, for the city sharing and exchange platform."""
    project = _project_or_404(request, pk)
    audit_download(request, "export.catalog", obj=project, filters={"project": project.pk})
    content = catalog_xlsx(project=project, entries=selectors.catalog_entries_of(project))
    return exports.xlsx_response(
        content, f"{project.name}·政务信息资源目录.xlsx", fallback=f"resource-catalog-{project.code}.xlsx"
    )
