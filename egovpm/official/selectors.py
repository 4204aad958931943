"""Reads of official documents: the one about a record, who may read it, and the public verification."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from .models import IssuedDocument
from .registry import KINDS

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def issued_for(owner, kind: str) -> IssuedDocument | None:
    """The document of `kind` in force about `owner` (the latest one issued), or None."""
    return (
        IssuedDocument.objects.filter(kind=kind, owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)
        .order_by("-issued_at", "-pk")
        .first()
    )


def issued_for_each(owners: list, kind: str) -> dict[int, IssuedDocument]:
    """The document of `kind` in force about each of `owners` (one model), by owner pk, in one query."""
    if not owners:
        return {}
    found: dict[int, IssuedDocument] = {}
    rows = IssuedDocument.objects.filter(
        kind=kind,
        owner_type=ContentType.objects.get_for_model(owners[0]),
        owner_id__in=[o.pk for o in owners],
        status=IssuedDocument.Status.ISSUED,
    )
    for issued in rows:
        found[issued.owner_id] = issued
    return found


def may_read(user, issued: IssuedDocument) -> bool:
    """Whoever may see the record the document is about, as the issuing app tells; nobody for a kind no app
    registered."""
    kind = KINDS.get(issued.kind)
    return kind is not None and kind.may_read(user, issued.owner)


def readable(user, pk: int) -> IssuedDocument | None:
    issued = IssuedDocument.objects.select_related("owner_type").filter(pk=pk).first()
    return issued if issued is not None and may_read(user, issued) else None


GENUINE, SUPERSEDED, UNKNOWN = "genuine", "superseded", "unknown"
VERDICT_LABELS = {
    GENUINE: "真实有效：本平台印发的公文，与存档文件一致。",
    SUPERSEDED: "已被替代：本平台印发的公文，与存档文件一致，但已被后来印发的公文替代。",
    UNKNOWN: "无法核实：本平台没有文号和 SHA-256 均与之相符的公文。",
}


@dataclass(frozen=True)
class Verdict:
    status: str
    number: str
    sha256: str
    issued_on: object = None
    kind_label: str = ""
    successor: str = ""

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.status]


def verify(number: str, sha256: str) -> Verdict:
    """Genuine, superseded or unknown. Only a number with its archived PDF's hash is recognised: a number alone
    (printed on every copy) tells nothing, so the page reveals neither the content nor which numbers exist."""
    number, sha256 = number.strip(), sha256.strip().lower()
    issued = (
        IssuedDocument.objects.select_related("superseded_by").filter(number=number, sha256=sha256).first()
        if number and SHA256.match(sha256)
        else None
    )
    if issued is None:
        return Verdict(UNKNOWN, number, sha256)
    kind = KINDS.get(issued.kind)
    return Verdict(
        SUPERSEDED if issued.superseded else GENUINE,
        issued.number,
        issued.sha256,
        issued_on=issued.issued_at,
        kind_label=kind.label if kind else "",
        successor=issued.superseded_by.number if issued.superseded_by else "",
    )
