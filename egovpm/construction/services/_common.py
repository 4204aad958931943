"""What the construction use cases share: validation of text and amounts, records created validated,
documents stored after the upload activity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max

from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.services import document_store
from egovpm.projects.engine import control_characters, ensure

from .. import domain
from ..models import (
    Construction,
    EstimateItemKind,
)

LABELS = dict(EstimateItemKind.choices)


def _create(model, **fields):
    """A new record of `model`, validated (full_clean) and saved."""
    record = model(**fields)
    record.full_clean()
    record.save()
    return record


def _clean_text(data: Mapping, fields) -> dict[str, str]:
    found = {}
    for field in fields:
        if control_characters(str(data.get(field, ""))):
            found[field] = "内容含有空字符等不可见的控制字符，请删除后重新填写。"
    return found


def _store(actor, owner, construction: Construction, kind: str, upload, field: str):
    """Store a construction document, after the table's upload activity (第十一条: no content of a project
    involving state secrets); a refused file's message goes to `field` of the form."""
    ensure(actor, construction, "upload")
    try:
        return document_store(actor=actor, owner=owner, kind=kind, upload=upload)
    except Refused as exc:
        if exc.code == "bad_file":
            raise ValidationError({field: exc.message}) from exc
        raise


def _amount_problems(amounts: Mapping[str, Decimal | None]) -> dict[str, str]:
    return domain.estimate_problems(amounts, LABELS)


def _next_version(construction: Construction) -> int:
    return (construction.estimates.aggregate(v=Max("version"))["v"] or 0) + 1


def _items(model, *, amounts: Mapping[str, Decimal | None], descriptions: Mapping[str, str] | None, **owner) -> None:
    model.objects.bulk_create(
        model(kind=kind, amount=amounts.get(kind), description=(descriptions or {}).get(kind, "")[:200], **owner)
        for kind in EstimateItemKind.values
    )


def _audit_amounts(amounts: Mapping[str, Decimal | None]) -> dict[str, str]:
    return {f"item_{kind}": str(amounts.get(kind)) for kind in EstimateItemKind.values}


def _not_after_today(day: dt.date | None, field: str, label: str) -> dict[str, str]:
    if day is None:
        return {field: f"请填写{label}。"}
    if day > clock.today():
        return {field: f"{label}不能晚于今天。"}
    return {}


def _required(data: Mapping, labels: Mapping[str, str]) -> dict[str, str]:
    return {field: f"请填写{label}。" for field, label in labels.items() if not str(data.get(field) or "").strip()}
