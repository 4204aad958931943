"""Reads of documents that other apps' lists need in one query."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef

from .models import Document
from .outlines import OUTLINES


def open_outline_findings(owner_model) -> Exists:
    """Exists(): the owner (a row of `owner_model`, OuterRef pk) has a current proposal or feasibility report
    (the newest version of its kind) whose outline check has findings nobody accepted (附件2, 附件3)."""
    newer = Document.objects.filter(
        owner_type=OuterRef("owner_type"),
        owner_id=OuterRef("owner_id"),
        kind=OuterRef("kind"),
        version__gt=OuterRef("version"),
    )
    current = Document.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner_model),
        owner_id=OuterRef("pk"),
        kind__in=list(OUTLINES),
        outline_check__findings__gt=0,
        outline_check__accepted_at__isnull=True,
    ).filter(~Exists(newer))
    return Exists(current)
