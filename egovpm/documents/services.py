from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.security.policy import security_policy

from .access import upload_refusal
from .domain import (
    CONTENT_TYPES_MAX_BYTES,
    OOXML_MAIN,
    ZipEntry,
    accept,
    ole_problem,
    ooxml_problem,
    pdf_problem,
    safe_name,
    size_problem,
    zip_problem,
)
from .models import Document, OutlineCheck
from .outlines import OUTLINES
from .reading import check_upload
from .scanner import ScannerUnavailable, scan, scanner_enabled


def inspect_upload(upload) -> tuple[bytes, str, str]:
    """Read an uploaded file and judge it: its size, then its type by parsing its structure (a zip
    container's directory before anything is expanded, an OOXML package's content types, a PDF's frame, a
    Compound File's header), then the malware scanner when one is configured. Returns (data, safe name,
    content type) or raises Refused."""
    max_bytes = security_policy().upload_max_mb * 1024 * 1024
    if getattr(upload, "size", None) and (problem := size_problem(upload.size, max_bytes)):
        raise Refused(problem, code="bad_file")  # refused before a large file is read into memory
    data = upload.read()
    name = safe_name(upload.name or "")
    zip_names = None
    archive = None
    if data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            entries = [ZipEntry(i.filename, i.compress_size, i.file_size) for i in archive.infolist()]
        except (zipfile.BadZipFile, ValueError):
            archive, entries = None, []
        if problem := zip_problem(entries):
            raise Refused(problem, code="bad_file")
        zip_names = [e.name for e in entries]
    file_type, message = accept(name, data[:8], len(data), zip_names, max_bytes=max_bytes)
    if file_type is None:
        raise Refused(message, code="bad_file")
    if problem := _structure_problem(file_type, data, archive, zip_names or []):
        raise Refused(problem, code="bad_file")
    _scan(data)
    return data, name, file_type.content_type


def _structure_problem(file_type, data: bytes, archive, names: list[str]) -> str:
    if file_type.extension in OOXML_MAIN:
        try:
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(CONTENT_TYPES_MAX_BYTES)
        except (KeyError, zipfile.BadZipFile, RuntimeError, OSError, EOFError, zlib.error):
            content_types = b""
        return ooxml_problem(file_type.extension, names, content_types)
    if file_type.extension == "pdf":
        return pdf_problem(data)
    if file_type.extension in ("doc", "xls"):
        return ole_problem(data[:512])
    return ""


def _scan(data: bytes) -> None:
    """The malware scanner's word (documents/scanner.py), when one is configured. The refusal is audited
    where every refusal is, outside the use case's transaction (security.http.run_service, the API)."""
    if not scanner_enabled():
        return
    try:
        found = scan(data)
    except ScannerUnavailable:
        raise Refused("病毒扫描服务暂不可用，文件未能上传，请稍后再试或联系系统管理员。", code="unavailable") from None
    if found:
        raise Refused(f"文件未通过病毒扫描（{found}），不予接收。", code="bad_file")


# The files stored inside the innermost files_atomic() block being run.
_written: ContextVar[list[str] | None] = ContextVar("egovpm_files_written", default=None)


@contextmanager
def files_atomic() -> Iterator[None]:
    """transaction.atomic() for a use case that stores files. If the block fails, its rows roll back and
    the files it wrote are deleted as well: no file outlives its row. (A process killed before commit
    leaves its file behind without a row; `manage.py sweep_orphan_files` finds and removes those.)"""
    written: list[str] = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    finally:
        _written.reset(token)
    outer = _written.get()
    if outer is not None:  # nested: the enclosing block may still roll back
        outer.extend(written)


def file_save(field_file, name: str, data: bytes) -> None:
    """Write `data` into a model's FileField inside files_atomic(): deleted again if the block rolls back."""
    field_file.save(name, ContentFile(data), save=False)
    _written.get().append(field_file.name)


def document_store(*, actor, owner, kind: str, upload) -> Document:
    """Store a new version of a document of `kind` for `owner` (a declaration, a filing (第十条), any record
    with a project). Caller holds the transaction and has checked permission; this writes the file and
    the audit event on the owner. A check registered with access.register_upload_check may refuse it
    (第三十一条: a classified project stores no file)."""
    refusal = upload_refusal(owner.project_id)
    if refusal:
        raise Refused(refusal, code="classified")
    data, name, content_type = inspect_upload(upload)
    digest = hashlib.sha256(data).hexdigest()
    latest = Document.objects.of(owner).filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    doc = Document(
        project_id=owner.project_id,
        owner=owner,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=digest,
        version=latest + 1,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    findings = check_upload(kind, data, content_type)  # 附件2, 附件3: read before the transaction opens
    after = {"kind": kind, "name": name, "version": doc.version, "sha256": digest}
    with files_atomic():
        file_save(doc.file, name, data)
        doc.save()
        if findings is not None:
            check = _outline_check_store(doc, findings)
            after["outline_check"] = {
                "status": check.status,
                "missing_sections": [s["code"] for s in check.missing_sections],
                "missing_annexes": check.missing_annexes,
            }
        audit_record(actor=actor, action="document_upload", obj=owner, after=after)
    return doc


def _outline_check_store(doc: Document, findings) -> OutlineCheck:
    outline = OUTLINES[doc.kind]
    check = OutlineCheck(
        document=doc,
        status=findings.status,
        message=findings.message[:300],
        missing_sections=[{"code": h.code, "label": outline.display(h)} for h in findings.missing_sections],
        missing_annexes=[a.title for a in findings.missing_annexes],
        headings_found=len(findings.matched),
        findings=len(findings.missing_sections) + len(findings.missing_annexes) + (findings.status != "checked"),
    )
    check.full_clean()
    check.save()
    return check


def document_attach(*, actor, document: Document, owner) -> Document:
    """Attach an already stored file to `owner` as a new version of its kind (the same stored file, not a
    copy), e.g. a filing's higher approval to the declaration it was routed into (第十条).
    Caller holds the transaction and has checked permission."""
    latest = Document.objects.of(owner).filter(kind=document.kind).aggregate(v=Max("version"))["v"] or 0
    doc = Document.objects.create(
        project_id=owner.project_id,
        owner=owner,
        kind=document.kind,
        file=document.file.name,
        original_name=document.original_name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        version=latest + 1,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="document_upload",
        obj=owner,
        after={"kind": doc.kind, "name": doc.original_name, "version": doc.version, "sha256": doc.sha256},
    )
    return doc
