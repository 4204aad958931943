"""Use cases of the information resource catalog (第七条(三), 第十六条, 第二十条): the unit that owns the
project compiles its catalog with the feasibility materials and keeps it up to date until the project is
accepted. Each change goes through the table's activity edit_catalog of the project's declaration
(`projects.engine.perform`: the party, the stage, the guard catalog_open, the audit event with
before/after), keeps the entry's earlier version (an appended CatalogEntryVersion) and is one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.projects.engine import is_applicant_of, perform, require
from egovpm.projects.hooks import PROJECT_DESCRIBED, announce
from egovpm.projects.models import Project

from . import domain
from .models import CatalogChange, CatalogEntryVersion, ResourceCatalogEntry
from .selectors import catalog_declaration

ONLY_THE_UNIT = "只有项目建设单位可以编制或修改政务信息资源目录。"
NOT_DECLARED = "该项目尚无申报，不能编制政务信息资源目录。"
GONE = "该目录条目已被他人删除，请刷新页面。"
CHANGED_MEANWHILE = "该目录条目已被他人修改（现为第 {version} 版），请刷新页面后再修改。"


def catalog_entry_save(
    *,
    actor,
    project: Project,
    data: dict,
    entry: ResourceCatalogEntry | None = None,
    version: int | None = None,
) -> ResourceCatalogEntry:
    """Add an entry to the project's catalog, or edit one; either way a new version. `version` is the
    version the editor saw: refused when someone has changed the entry since."""
    require(is_applicant_of(actor, project), ONLY_THE_UNIT)
    problem = domain.share_problem(data)
    if problem:
        raise ValidationError({"share_condition": problem})
    declaration = _declaration_of(project)

    def apply(locked):
        if entry is None:
            current = ResourceCatalogEntry(project=project, first_declaration=locked, version=0)
            before = {}
        else:
            current = _locked_entry(project, entry.pk)
            if version is not None and current.version != version:
                raise Refused(CHANGED_MEANWHILE.format(version=current.version), code="stale")
            before = _snapshot(current)
        for f, value in domain.entry_values(data).items():
            setattr(current, f, value)
        current.version += 1
        current.full_clean()
        current.save()
        change = CatalogChange.ADDED if entry is None else CatalogChange.EDITED
        _append_version(actor, locked, current, change)
        announce(PROJECT_DESCRIBED, project=project)
        return current, before, _snapshot(current, change=change)

    return perform(actor=actor, obj=declaration, activity="edit_catalog", apply=apply)


def catalog_entry_delete(*, actor, entry: ResourceCatalogEntry) -> None:
    """Remove an entry from the project's catalog; its history stays, ending with the removal."""
    project = entry.project
    require(is_applicant_of(actor, project), ONLY_THE_UNIT)
    declaration = _declaration_of(project)

    def apply(locked):
        current = _locked_entry(project, entry.pk)
        before = _snapshot(current)
        current.version += 1
        _append_version(actor, locked, current, CatalogChange.REMOVED)
        current.delete()
        announce(PROJECT_DESCRIBED, project=project)
        return None, before, {"entry": before["entry"], "version": current.version, "change": CatalogChange.REMOVED}

    perform(actor=actor, obj=declaration, activity="edit_catalog", apply=apply)


def _declaration_of(project: Project):
    declaration = catalog_declaration(project)
    if declaration is None:
        raise Refused(NOT_DECLARED)
    return declaration


def _locked_entry(project: Project, pk: int) -> ResourceCatalogEntry:
    current = ResourceCatalogEntry.objects.select_for_update().filter(pk=pk, project=project).first()
    if current is None:
        raise Refused(GONE, code="stale")
    return current


def _snapshot(entry: ResourceCatalogEntry, **extra) -> dict:
    return {"entry": entry.pk, "version": entry.version, **extra, **{f: getattr(entry, f) for f in domain.FIELDS}}


def _append_version(actor, declaration, entry: ResourceCatalogEntry, change: str) -> CatalogEntryVersion:
    version = CatalogEntryVersion(
        project_id=entry.project_id,
        entry_key=entry.pk,
        number=entry.version,
        change=change,
        declaration=declaration,
        stage=declaration.stage,
        changed_by=actor,
        changed_at=clock.now(),
        **{f: getattr(entry, f) for f in domain.FIELDS},
    )
    version.full_clean()
    version.save()
    return version
