"""Use cases of the information resource catalog (第七条(三), 第十六条): the applicant unit edits the
pre-compiled catalog of its declaration."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core.errors import Refused
from egovpm.intake.models import Declaration
from egovpm.projects.engine import is_applicant_of, lock, may, require

from .models import ResourceCatalogEntry, ShareType

CATALOG_FIELDS = (
    "name",
    "code",
    "provider",
    "category",
    "summary",
    "format",
    "items",
    "share_type",
    "share_condition",
    "open_attribute",
    "update_cycle",
)


def catalog_entry_save(*, actor, declaration: Declaration, data: dict, entry: ResourceCatalogEntry | None = None):
    """Add or edit an entry of the project's pre-compiled information resource catalog."""
    require(is_applicant_of(actor, declaration), "只有申报单位可以编制资源目录。")
    if (
        data.get("share_type") in (ShareType.CONDITIONAL, ShareType.NONE)
        and not str(data.get("share_condition", "")).strip()
    ):
        raise ValidationError({"share_condition": "有条件共享须写明共享条件，不予共享须写明法律法规或政策依据。"})
    with transaction.atomic():
        declaration = lock(Declaration, declaration.pk)
        allowed, why = may(actor, declaration, "edit_catalog")
        if not allowed:
            raise Refused(why)
        creating = entry is None
        if not creating:
            entry = ResourceCatalogEntry.objects.filter(pk=entry.pk, declaration=declaration).first()
            if entry is None:
                raise Refused("该目录条目已被他人删除，请刷新页面。", code="stale")
        entry = entry or ResourceCatalogEntry(declaration=declaration)
        before = {f: getattr(entry, f) for f in CATALOG_FIELDS} if not creating else {}
        for f in CATALOG_FIELDS:
            setattr(entry, f, data.get(f, ""))
        entry.full_clean()
        entry.save()
        audit_record(
            actor=actor,
            action="catalog_entry.add" if creating else "catalog_entry.update",
            obj=declaration,
            before=before,
            after={"entry": entry.pk, **{f: getattr(entry, f) for f in CATALOG_FIELDS}},
        )
    return entry


def catalog_entry_delete(*, actor, entry: ResourceCatalogEntry) -> None:
    require(is_applicant_of(actor, entry.declaration), "只有申报单位可以编制资源目录。")
    with transaction.atomic():
        declaration = lock(Declaration, entry.declaration_id)
        if not may(actor, declaration, "edit_catalog")[0]:
            raise Refused("资源目录已随可研材料报送，不能再删除。")
        entry = ResourceCatalogEntry.objects.filter(pk=entry.pk).first()
        if entry is None:
            raise Refused("该目录条目已被他人删除，请刷新页面。", code="stale")
        audit_record(
            actor=actor,
            action="catalog_entry.delete",
            obj=declaration,
            before={"entry": entry.pk, "code": entry.code, "name": entry.name},
        )
        entry.delete()
