"""附件1 申报表 downloads: the declaration's application form as DOCX and as PDF, to print, stamp
(盖章) and file, for everyone who may see the declaration."""

from __future__ import annotations

from django.http import HttpResponse

from egovpm.intake import application_form as af
from egovpm.intake.views.detail import get_declaration_or_404
from egovpm.lifecycle.roles import BUSINESS_ROLES
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
