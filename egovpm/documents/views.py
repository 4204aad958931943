from django.http import FileResponse, Http404

from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.security.http import attachment, audit_download, roles_required

from .access import may_read
from .domain import ascii_name
from .models import Document


@roles_required(*BUSINESS_ROLES)
def download(request, pk: int):
    """Serve a file only to someone who may see the record it belongs to; always as an attachment."""
    doc = Document.objects.filter(pk=pk).first()
    if doc is None or not may_read(request.user, doc):
        raise Http404("文件不存在或不在您的查看范围内。")
    audit_download(request, "document.download", obj=doc)
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type)
    # Always a download, never rendered in the browser, never cached (shared computers, proxies).
    response["X-Content-Type-Options"] = "nosniff"
    return attachment(response, doc.original_name, fallback=ascii_name(doc.pk, doc.content_type))
