"""第七条(三) 政务信息资源预编目录: the applicant compiles it with the feasibility materials; whoever
can see the declaration reads it and downloads it for the sharing platform (第十六条)."""

from __future__ import annotations

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from egovpm.catalog import services as catalog_services
from egovpm.intake import exports
from egovpm.intake.views.detail import get_declaration_or_404, get_own_declaration_or_404
from egovpm.lifecycle.roles import BUSINESS_ROLES, Role
from egovpm.security.http import audit_download, roles_required, run_service

from . import selectors
from .forms import CatalogEntryForm

# Every role that can see a declaration (intake.selectors.declarations_visible_to decides which).


def _own_entry_or_404(request, pk: int):
    """An entry of a declaration the user prepares as its applicant unit (404 / 403 otherwise)."""
    entry = selectors.catalog_entry_get(request.user, pk)
    if entry is None:
        raise Http404("该目录条目不存在或不在您的查看范围内。")
    get_own_declaration_or_404(request, entry.declaration_id)
    return entry


@roles_required(*BUSINESS_ROLES)
def declaration_catalog(request, pk: int):
    """The catalog of a declaration; on POST the applicant adds an entry."""
    decl = get_declaration_or_404(request, pk)
    form = CatalogEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            catalog_services.catalog_entry_save,
            form=form,
            success="已登记目录条目。",
            actor=request.user,
            declaration=decl,
            data=form.cleaned_data,
        )
        if ok:
            return redirect("catalog:declaration_catalog", pk=decl.pk)
    return render(
        request,
        "catalog/catalog_list.html",
        {
            "declaration": decl,
            "entries": list(selectors.catalog_entries_of(decl)),
            "form": form,
            "editable": selectors.catalog_editable(request.user, decl),
        },
    )


@roles_required(Role.UNIT_CLERK, Role.UNIT_LEADER)
def catalog_entry_edit(request, pk: int):
    entry = _own_entry_or_404(request, pk)
    decl = entry.declaration
    form = CatalogEntryForm.for_entry(entry, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            request,
            catalog_services.catalog_entry_save,
            form=form,
            success="已修改目录条目。",
            actor=request.user,
            declaration=decl,
            data=form.cleaned_data,
            entry=entry,
        )
        if ok:
            return redirect("catalog:declaration_catalog", pk=decl.pk)
    return render(
        request,
        "catalog/entry_edit.html",
        {
            "declaration": decl,
            "entry": entry,
            "form": form,
            "editable": selectors.catalog_editable(request.user, decl),
        },
    )


@roles_required(Role.UNIT_CLERK, Role.UNIT_LEADER)
def catalog_entry_delete(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = _own_entry_or_404(request, pk)
    decl_pk = entry.declaration_id
    run_service(
        request,
        catalog_services.catalog_entry_delete,
        success=f"已删除目录条目“{entry.name}”。",
        actor=request.user,
        entry=entry,
    )
    return redirect("catalog:declaration_catalog", pk=decl_pk)


@roles_required(*BUSINESS_ROLES)
def catalog_download(request, pk: int):
    """The catalog as XLSX, for the city sharing and exchange platform."""
    decl = get_declaration_or_404(request, pk)
    audit_download(request, "export.catalog", obj=decl, filters={"declaration": decl.pk})
    content = exports.catalog_xlsx(declaration=decl, entries=selectors.catalog_entries_of(decl))
    return exports.xlsx_response(
        content,
        f"{decl.project.name}·政务信息资源预编目录.xlsx",
        fallback=f"resource-catalog-{decl.project.code}.xlsx",
    )
