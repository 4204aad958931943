"""Who may read a document: whoever may see the record it belongs to (its owner). The app that owns the
kind of record registers how to tell (in its AppConfig.ready), so that documents imports none of the
stage apps."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import models

# The owner's model, by label ("intake.declaration") → may `user` see the record `pk`?
_readers: dict[str, Callable[[object, int], bool]] = {}


def register_reader(owner_model: type[models.Model], may_see: Callable[[object, int], bool]) -> None:
    _readers[owner_model._meta.label_lower] = may_see


def may_read(user, document) -> bool:
    """A document is read by whoever may see its owning record; one whose owner's model registered no
    reader by nobody."""
    owner_type = ContentType.objects.get_for_id(document.owner_type_id)
    may_see = _readers.get(f"{owner_type.app_label}.{owner_type.model}")
    return may_see is not None and may_see(user, document.owner_id)


# Checks every upload passes, whatever its record (accountability's 第三十一条: no file of a classified
# project is stored): each answers the refusal the user reads, or "" to let it through.
_upload_checks: list[Callable[[int | None], str]] = []


def register_upload_check(check: Callable[[int | None], str]) -> None:
    """`check(project_id)` → why no file may be stored for that project now, or ""."""
    if check not in _upload_checks:
        _upload_checks.append(check)


def upload_refusal(project_id: int | None) -> str:
    for check in _upload_checks:
        reason = check(project_id)
        if reason:
            return reason
    return ""
