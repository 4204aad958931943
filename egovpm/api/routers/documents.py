"""Materials: metadata and download, only through a declaration the user may see."""

from django.http import FileResponse
from ninja import Router

from egovpm.documents.domain import ACCEPTED
from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.security.http import attachment, audit_download

from .. import present
from ..access import BINARY, ObjectId, answers, require_roles
from ..errors import not_found
from ..schemas.declarations import DocumentOut
from ..selectors import document_get

router = Router(tags=["材料 / Documents"])


def _document_or_404(user, pk: int):
    document = document_get(user, pk)
    if document is None:
        raise not_found("文件不存在或不在您的查看范围内。")
    return document


@router.get(
    "/{document_id}",
    **answers(DocumentOut, 401, 403, 404, 422),
    operation_id="document_get",
    summary="材料信息 / One material",
    description="一份材料的信息（某一版本）。 / The metadata of one material (one version).",
)
def document_detail(request, document_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    return present.document(_document_or_404(request.user, document_id))


@router.get(
    "/{document_id}/download",
    **answers(None, 401, 403, 404, 422, content={t.content_type: BINARY for t in ACCEPTED}),
    operation_id="document_download",
    url_name="document_download",
    summary="下载材料 / Download a material",
    description=(
        "以附件形式下载（Content-Disposition: attachment），类型为上传时按内容识别的类型。"
        " / Downloads as an attachment, with the content type judged at upload."
    ),
)
def document_download(request, document_id: ObjectId):
    require_roles(request.user, BUSINESS_ROLES)
    document = _document_or_404(request.user, document_id)
    audit_download(request, "document.download", obj=document)
    extension = document.original_name.rsplit(".", 1)[-1] if "." in document.original_name else "bin"
    return attachment(
        FileResponse(document.file.open("rb"), content_type=document.content_type),
        document.original_name,
        fallback=f"document-{document.pk}.{extension}",
    )
