"""Files in the private storage that no row names (a Document, or a record of an app that registered its
files: the official documents' archived PDFs): what a process killed between writing a file and committing
its row leaves behind (a failed transaction deletes its files itself, see services.files_atomic). Found by
comparing the storage with the tables; removed with an audit event."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from egovpm.audit.services import audit_record

from .models import Document

# Apps above documents that store files of their own rows in the private storage: each gives their names.
_file_sources: list[Callable[[], Iterable[str]]] = []


def register_file_source(names: Callable[[], Iterable[str]]) -> None:
    """`names()` → the storage names of the files the app's rows hold (kept by the sweep, copied by backups)."""
    if names not in _file_sources:
        _file_sources.append(names)


def known_files() -> set[str]:
    """Every stored file some row names."""
    known = set(Document.objects.values_list("file", flat=True))
    for names in _file_sources:
        known.update(names())
    return known


def storage_root() -> Path:
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"])


def stored_files(root: Path | None = None) -> list[str]:
    """Every file under the storage root, as storage names (POSIX paths relative to the root)."""
    root = root or storage_root()
    if not root.exists():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def orphan_files(*, min_age_seconds: float = 3600) -> list[str]:
    """Stored files without a row, older than `min_age_seconds` so that an upload still being committed
    is left alone. File ages are the file system's, hence the wall clock (not egovpm.core.clock)."""
    root = storage_root()
    known = known_files()
    cutoff = time.time() - min_age_seconds
    return [name for name in stored_files(root) if name not in known and (root / name).stat().st_mtime <= cutoff]


def orphan_files_sweep(*, min_age_seconds: float = 3600) -> list[str]:
    """Delete the orphan files and record which in the audit chain (actor: the system)."""
    orphans = orphan_files(min_age_seconds=min_age_seconds)
    if not orphans:
        return []
    root = storage_root()
    with transaction.atomic():
        audit_record(
            actor=None,
            action="documents.sweep_orphans",
            object_type="documents.document",
            object_repr="孤立文件",
            after={"deleted_files": orphans},
        )
        for name in orphans:
            (root / name).unlink(missing_ok=True)
    return orphans
