import hashlib

from django.http import Http404
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from egovpm.audit.context import ip_of
from egovpm.lifecycle.roles import BUSINESS_ROLES
from egovpm.security.http import audit_download, roles_required
from egovpm.security.policy import security_policy

from . import selectors
from .downloads import official_file_response
from .forms import VerifyForm

VERIFY_RATE = "20/m"  # verifications per address and minute: enough for a clerk, too few to enumerate hashes


@roles_required(*BUSINESS_ROLES)
def download(request, pk: int, fmt: str):
    """An official document as the archived PDF (rendered and archived at its first printing) or as DOCX,
    to whoever may see the record it is about (else 404)."""
    issued = selectors.readable(request.user, pk)
    if issued is None:
        raise Http404("公文不存在或不在您的查看范围内。")
    audit_download(request, "official.download", obj=issued, filters={"format": fmt})
    return official_file_response(actor=request.user, issued=issued, fmt=fmt)


def _client_key(group, request) -> str:
    return ip_of(request) or "unknown"


@ratelimit(key=_client_key, rate=VERIFY_RATE, method=("GET", "POST"), block=False)
def verify(request):
    """Public (a printed copy travels beyond the platform's users): a 文号 with the SHA-256 of the copy (or the
    PDF itself) answers genuine, superseded or unknown, and nothing of the content. Limited per address."""
    if getattr(request, "limited", False):
        context = {"form": VerifyForm(), "refused": "核验请求过于频繁，请一分钟后再试。"}
        return render(request, "official/verify.html", context, status=429)
    verdict = None
    bound = request.method == "POST" or "number" in request.GET
    form = VerifyForm(request.POST or request.GET or None, request.FILES or None) if bound else VerifyForm()
    if bound and form.is_valid():
        digest = form.cleaned_data["sha256"]
        upload = form.cleaned_data.get("file")
        if upload is not None:
            if upload.size > security_policy().upload_max_mb * 1024 * 1024:
                form.add_error("file", "文件过大。")
            else:
                digest = hashlib.sha256(upload.read()).hexdigest()  # hashed, never stored
        if not form.errors:
            verdict = selectors.verify(form.cleaned_data["number"], digest)
    return render(request, "official/verify.html", {"form": form, "verdict": verdict})
