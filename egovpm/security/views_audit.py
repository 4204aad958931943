"""The audit administrator's pages (三员分立: read, verify, export — nothing else): search the chain,
verify it, export a date range. Nobody else opens them; each use is itself recorded on the chain."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from egovpm.audit import services_admin
from egovpm.audit.forms import AuditExportForm, AuditSearchForm
from egovpm.core import clock
from egovpm.lifecycle.roles import Role
from egovpm.security.http import attachment, roles_required, run_service


@roles_required(Role.AUDITADMIN)
def event_list(request):
    """审计日志: the chain searched by date, actor, unit, action, object, outcome and IP; newest first."""
    form = AuditSearchForm(request.GET or None)
    _, page = run_service(
        request,
        services_admin.audit_search,
        actor=request.user,
        filters=form.filters(),
        page=request.GET.get("page"),
    )
    return render(request, "audit/event_list.html", {"form": form, "page": page})


@roles_required(Role.AUDITADMIN)
def verify(request):
    """验证审计链: recompute every link with the audit key and check the chain against the anchors kept
    outside the database (POST, since the verification is itself recorded)."""
    result = None
    if request.method == "POST":
        ok, report = run_service(request, services_admin.audit_verify, actor=request.user)
        if ok:
            result = report
    return render(request, "audit/verify.html", {"result": result})


@roles_required(Role.AUDITADMIN)
def export(request):
    """导出: a date range as JSON Lines (to archive off-site and verify on its own) or XLSX (to read)."""
    today = clock.today()
    form = AuditExportForm(request.POST or None, initial={"date_from": today.replace(day=1), "date_to": today})
    if request.method == "POST" and form.is_valid():
        ok, result = run_service(
            request,
            services_admin.audit_export,
            form=form,
            actor=request.user,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            fmt=form.cleaned_data["fmt"],
        )
        if ok:
            response = HttpResponse(result.content, content_type=result.content_type)
            return attachment(response, result.filename, result.fallback)
    return render(request, "audit/export.html", {"form": form})
