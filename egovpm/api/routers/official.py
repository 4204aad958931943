"""Official documents (公文): metadata, the archived PDF and the DOCX, to whoever may see the record each is
about (the issuing app tells, egovpm.official.selectors.may_read)."""

from django.urls import reverse
from ninja import Router

from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.official.downloads import official_file_response
from egovpm.official.models import IssuedDocument
from egovpm.official.pdf import PDF_CONTENT_TYPE
from egovpm.official.registry import KINDS
from egovpm.official.selectors import readable
from egovpm.official.word import DOCX_CONTENT_TYPE
from egovpm.security.http import audit_download

from ..access import BINARY, ObjectId, answers, require_roles
from ..errors import not_found
from ..schemas.official import OfficialDocumentOut

router = Router(tags=["公文 / Official documents"])


def _issued_or_404(user, pk: int) -> IssuedDocument:
    issued = readable(user, pk)
    if issued is None:
        raise not_found("公文不存在或不在您的查看范围内。")
    return issued


def _present(issued: IssuedDocument) -> dict:
    kind = KINDS.get(issued.kind)
    return {
        "id": issued.pk,
        "kind": issued.kind,
        "kind_label": kind.label if kind else issued.kind,
        "number": issued.number,
        "title": issued.title,
        "status": issued.status,
        "superseded_by": issued.superseded_by.number if issued.superseded_by_id else "",
        "issued_at": issued.issued_at,
        "sha256": issued.sha256,
        "pdf_url": reverse("api:v1:official_document_pdf", kwargs={"official_id": issued.pk}),
        "docx_url": reverse("api:v1:official_document_docx", kwargs={"official_id": issued.pk}),
    }


@router.get(
    "/{official_id}",
    **answers(OfficialDocumentOut, 401, 403, 404, 422),
    operation_id="official_document_get",
    summary="公文信息 / One official document",
    description="文号、标题、状态和存档 PDF 的 SHA-256。 / Number, title, status and the archived PDF's SHA-256.",
)
def official_document_get(request, official_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    return _present(_issued_or_404(request.user, official_id))


@router.get(
    "/{official_id}/pdf",
    **answers(None, 401, 403, 404, 422, content={PDF_CONTENT_TYPE: BINARY}),
    operation_id="official_document_pdf",
    url_name="official_document_pdf",
    summary="下载公文 PDF / The archived PDF",
    description=(
        "GB/T 9704-2012 版式的 PDF/A；首次下载时存档并把 SHA-256 记入审计链，之后每次都是同一文件。"
        " / PDF/A in the GB/T 9704-2012 layout, archived (its SHA-256 on the audit chain) when first printed."
    ),
)
def official_document_pdf(request, official_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    issued = _issued_or_404(request.user, official_id)
    audit_download(request, "official.download", obj=issued, filters={"format": "pdf"})
    return official_file_response(actor=request.user, issued=issued, fmt="pdf")


@router.get(
    "/{official_id}/docx",
    **answers(None, 401, 403, 404, 422, content={DOCX_CONTENT_TYPE: BINARY}),
    operation_id="official_document_docx",
    url_name="official_document_docx",
    summary="下载公文 Word / The DOCX",
    description="GB/T 9704-2012 版式的 Word 文档。 / The document as DOCX in the GB/T 9704-2012 layout.",
)
def official_document_docx(request, official_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    issued = _issued_or_404(request.user, official_id)
    audit_download(request, "official.download", obj=issued, filters={"format": "docx"})
    return official_file_response(actor=request.user, issued=issued, fmt="docx")
