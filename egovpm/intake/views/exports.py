"""附件1 申报表 downloads: the declaration's application form as DOCX and as PDF, to print, stamp
(盖章) and file, for everyone who may see the declaration; the online proposal (附件2) as DOCX and PDF; the
blank templates of the materials (附件2, 附件3 and its annex tables)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from egovpm.documents.domain import safe_name
from egovpm.intake import application_form as af
from egovpm.intake import material_templates as mt
from egovpm.intake.exports import XLSX_CONTENT_TYPE
from egovpm.intake.selectors import proposal_of
from egovpm.intake.views.detail import get_declaration_or_404
from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.official.word import DOCX_CONTENT_TYPE
from egovpm.security.http import attachment, audit_download, roles_required


def _download(request, pk: int, render, content_type: str, extension: str) -> HttpResponse:
    declaration = get_declaration_or_404(request, pk)
    audit_download(request, "application_form.download", obj=declaration, filters={"format": extension})
    form = af.application_form_content(declaration, viewer=request.user)
    response = HttpResponse(render(form), content_type=content_type)
    return attachment(
        response,
        af.application_form_filename(form, extension),
        fallback=f"application-{declaration.plan_year.year}-{declaration.pk}.{extension}",
    )


@roles_required(*BUSINESS_ROLES)
def application_docx(request, pk: int):
    return _download(request, pk, af.application_docx, af.DOCX_CONTENT_TYPE, "docx")


@roles_required(*BUSINESS_ROLES)
def application_pdf(request, pk: int):
    return _download(request, pk, af.application_pdf, af.PDF_CONTENT_TYPE, "pdf")


def _proposal_download(request, pk: int, render_material, content_type: str, extension: str) -> HttpResponse:
    declaration = get_declaration_or_404(request, pk)
    proposal = proposal_of(declaration)
    if proposal is None:
        raise Http404("该项目没有在线填写的项目建议书。")
    audit_download(request, "proposal.download", obj=declaration, filters={"format": extension})
    response = HttpResponse(render_material(mt.proposal_material(proposal)), content_type=content_type)
    name = declaration.project.name.replace("/", "_").replace("\\", "_")
    return attachment(
        response,
        safe_name(f"项目建议书-{declaration.project.code}-{name}") + f".{extension}",
        fallback=f"proposal-{declaration.pk}.{extension}",
    )


@roles_required(*BUSINESS_ROLES)
def proposal_docx(request, pk: int):
    return _proposal_download(request, pk, mt.material_docx, DOCX_CONTENT_TYPE, "docx")


@roles_required(*BUSINESS_ROLES)
def proposal_pdf(request, pk: int):
    return _proposal_download(request, pk, mt.material_pdf, af.PDF_CONTENT_TYPE, "pdf")


@roles_required(*BUSINESS_ROLES)
def material_templates(request):
    """The blank templates a unit writes its materials in (附件2, 附件3 and the annex tables of 附件3)."""
    return render(request, "intake/material_templates.html", {"templates": mt.TEMPLATES})


@roles_required(*BUSINESS_ROLES)
def material_template(request, slug: str):
    template = mt.TEMPLATE_BY_SLUG.get(slug)
    if template is None:
        raise Http404("没有该模板。")
    content_type = DOCX_CONTENT_TYPE if template.extension == "docx" else XLSX_CONTENT_TYPE
    response = HttpResponse(template.build(), content_type=content_type)
    return attachment(
        response, safe_name(template.label) + f".{template.extension}", fallback=f"{slug}.{template.extension}"
    )
