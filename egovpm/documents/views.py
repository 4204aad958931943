from django.http import FileResponse, Http404

from egovpm.core.http import attachment, audit_download, roles_required
from egovpm.intake.selectors import declaration_get
from egovpm.intake.selectors_filing import filing_get
from egovpm.orgs.roles import BUSINESS_ROLES

from .domain import ascii_name
from .models import Document


def _visible(user, doc: Document | None) -> bool:
    """A declaration's file to whoever may see the declaration; a filing's (第十条) to whoever may see
    the filing: its unit, the supervising chain and the Office."""
    if doc is None:
        return False
    if doc.declaration_id is not None:
        return declaration_get(user, doc.declaration_id) is not None
    if doc.filing_id is not None:
        return filing_get(user, doc.filing_id) is not None
    return False


@roles_required(*BUSINESS_ROLES)
def download(request, pk: int):
    """Serve a file only to someone who may see its declaration or filing; always as an attachment."""
    doc = Document.objects.filter(pk=pk).first()
    if not _visible(request.user, doc):
        raise Http404("文件不存在或不在您的查看范围内。")
    audit_download(request, "document.download", obj=doc)
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type)
    # Always a download, never rendered in the browser, never cached (shared computers, proxies).
    response["X-Content-Type-Options"] = "nosniff"
    return attachment(response, doc.original_name, fallback=ascii_name(doc.pk, doc.content_type))
