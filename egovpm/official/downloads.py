"""One way of serving an official document, for the pages and the API alike."""

from django.http import HttpResponse

from egovpm.security.http import attachment

from .models import IssuedDocument
from .pdf import PDF_CONTENT_TYPE
from .services import official_file_name, official_pdf_archive, official_text
from .word import DOCX_CONTENT_TYPE, official_docx

FORMATS = ("pdf", "docx")


def official_file_response(*, actor, issued: IssuedDocument, fmt: str) -> HttpResponse:
    """The archived PDF (archived now if this is its first printing) or a DOCX, always as a download.
    The caller has checked that `actor` may read the document and audited the download."""
    if fmt == "pdf":
        issued = official_pdf_archive(actor=actor, issued=issued)
        with issued.pdf.open("rb") as f:
            response = HttpResponse(f.read(), content_type=PDF_CONTENT_TYPE)
    else:
        response = HttpResponse(official_docx(official_text(issued)), content_type=DOCX_CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    return attachment(response, official_file_name(issued, fmt), fallback=f"official-{issued.pk}.{fmt}")
