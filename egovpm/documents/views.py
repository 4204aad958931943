from django.http import FileResponse, Http404

from egovpm.core.http import roles_required
from egovpm.intake.selectors import declaration_get
from egovpm.orgs.roles import BUSINESS_ROLES

from .models import Document


@roles_required(*BUSINESS_ROLES)
def download(request, pk: int):
    """Serve a file only to someone who may see its declaration; always as an attachment."""
    doc = Document.objects.filter(pk=pk).first()
    if doc is None or doc.declaration_id is None or declaration_get(request.user, doc.declaration_id) is None:
        raise Http404("文件不存在或不在您的查看范围内。")
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.original_name, content_type=doc.content_type
    )
