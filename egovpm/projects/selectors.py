"""Reads of the project aggregate that every stage shares: the extensions of deadlines."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery

from egovpm.policy import domain as policy_domain

from .models import DeadlineExtension


def extensions_of(obj):
    """The extensions granted on `obj`, oldest first."""
    return DeadlineExtension.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def extended_due(obj) -> dict[str, dt.date]:
    """The due date of each of `obj`'s extended deadlines (qualified key → date): the latest extension
    of each, since every extension is later than the one before. One query."""
    return dict(extensions_of(obj).values_list("key", "due"))


def extended_due_subquery(model, key: str) -> Subquery:
    """To annotate a queryset of `model` (no query of its own): the due date of the latest extension of
    deadline `key` of each row, None where there is none."""
    latest = DeadlineExtension.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"), key=key
    ).order_by("-granted_at", "-pk")
    return Subquery(latest.values("due")[:1])


def effective_due(obj, key: str, base_due: dt.date | None) -> dt.date | None:
    """The due date in force of deadline `key` of `obj`: the latest extension, else `base_due`."""
    return policy_domain.effective_due(base_due, extended_due(obj).get(key))
