"""Issuing official documents: the number from the policy's scheme, the record, the PDF archived with its
SHA-256 on the audit chain. Each runs inside the issuing use case's transaction."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.documents.domain import safe_name
from egovpm.documents.services import file_save, files_atomic
from egovpm.policy.loader import get_policy

from .models import IssuedDocument, NumberCounter
from .pdf import official_pdf
from .registry import kind_of


def _in_transaction(what: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{what} must run inside the issuing use case's transaction")


def number_allocate(*, kind: str, year: int) -> tuple[int, str]:
    """The next number of `kind` in `year`: (sequence, 文号). The counter row stays locked until the caller's
    transaction ends, so concurrent issuers wait for each other; a rolled-back issue gives its number back."""
    _in_transaction("number_allocate")
    policy = get_policy().documents
    policy.number(kind, year=year, seq=1)  # an unknown kind fails here, before a counter row is made
    counter, _ = NumberCounter.objects.select_for_update().get_or_create(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last, policy.number(kind, year=year, seq=counter.last)


def official_issue(
    *, actor, kind: str, owner, title: str, project=None, numbered: tuple[int, str] | None = None
) -> IssuedDocument:
    """Record the issue of an official document of `kind` about `owner`, numbered now (or with the number the
    caller allocated for its own record, `numbered`). An earlier document of the same kind about the same owner
    is superseded by it."""
    _in_transaction("official_issue")
    year = clock.today().year
    seq, number = numbered or number_allocate(kind=kind, year=year)
    owner_type = ContentType.objects.get_for_model(owner)
    issued = IssuedDocument(
        kind=kind,
        number=number,
        year=year,
        seq=seq,
        title=title[:300],
        owner_type=owner_type,
        owner_id=owner.pk,
        project=project,
        issued_by=actor,
        issued_at=clock.now(),
    )
    issued.full_clean(exclude=["project", "owner_type", "issued_by"])
    issued.save()
    earlier = list(
        IssuedDocument.objects.select_for_update()
        .filter(kind=kind, owner_type=owner_type, owner_id=owner.pk, status=IssuedDocument.Status.ISSUED)
        .exclude(pk=issued.pk)
    )
    for old in earlier:
        old.status, old.superseded_by = IssuedDocument.Status.SUPERSEDED, issued
        old.save(update_fields=["status", "superseded_by"])
    audit_record(
        actor=actor,
        action="official.issue",
        obj=issued,
        after={"number": number, "kind": kind, "title": issued.title, "supersedes": [o.number for o in earlier]},
    )
    return issued


def official_text(issued: IssuedDocument):
    """What the document says, written by the app that issued it."""
    return kind_of(issued.kind).build(issued)


def official_file_name(issued: IssuedDocument, extension: str) -> str:
    return safe_name(f"{issued.number}-{issued.title}".replace("/", "_").replace("\\", "_"))[:150] + f".{extension}"


def official_pdf_archive(*, actor, issued: IssuedDocument) -> IssuedDocument:
    """The document's PDF as issued: rendered and archived the first time it is printed (its SHA-256 on the
    audit chain); every later copy is that file, byte for byte, so a printed copy can be verified."""
    if issued.sha256:
        return issued
    with files_atomic():
        issued = IssuedDocument.objects.select_for_update().get(pk=issued.pk)
        if issued.sha256:  # archived by someone else meanwhile
            return issued
        data = official_pdf(official_text(issued))
        issued.sha256 = hashlib.sha256(data).hexdigest()
        issued.size = len(data)
        issued.stored_at = clock.now()
        file_save(issued.pdf, f"{issued.sha256[:16]}.pdf", data)
        issued.save(update_fields=["pdf", "sha256", "size", "stored_at"])
        audit_record(
            actor=actor,
            action="official.archive_pdf",
            obj=issued,
            after={"number": issued.number, "sha256": issued.sha256, "size": issued.size},
        )
    return issued
