"""Backup and restore: the database as portable JSON (Django's serializer, so a PostgreSQL backup
restores into SQLite and back), the uploaded files, and a manifest holding the audit chain's head,
the row counts and the SHA-256 of every file. A restore goes only into a migrated, empty database,
and proves itself: the chain verifies, its head is the manifest's, the counts and the files match.

Layout of a backup directory:
    manifest.json      what follows, with hashes
    database.json      dumpdata of every app (ids kept, content types by natural key; no permissions, sessions)
    files/<name>       each stored file named by a document, under its storage name
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from egovpm.audit.anchors import AnchorError, anchor_head
from egovpm.audit.anchors import chain_head as anchored_head
from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_chain_verify
from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.documents.orphans import known_files, storage_root

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
FILES = "files"
# Made by `migrate` itself (and looked up by natural key), or worthless in another database.
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


class BackupError(Exception):
    """The backup or restore cannot go on; the message is Chinese and says why."""


@dataclass(frozen=True)
class Summary:
    rows: int
    models: int
    files: int
    audit_events: int
    head_seq: int
    head_hash: str
    missing_files: tuple[str, ...] = ()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def backed_up_models() -> list:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e for e in EXCLUDED if "." in e}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in excluded_apps
        and m._meta.label_lower not in excluded_models
        and m._meta.managed
        and not m._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}


def chain_head() -> dict:
    head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    return head or {"seq": 0, "hash": ""}


def backup_create(*, output: Path) -> Summary:
    """Write a backup of this database and its files to `output` (a new or empty directory)."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"备份目录 {output} 不是空目录。")
    (output / FILES).mkdir(parents=True, exist_ok=True)
    snapshot = not connection.in_atomic_block
    with transaction.atomic():
        if snapshot and connection.vendor == "postgresql":
            # One consistent picture: the rows, the counts and the chain head as of one instant.
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            *[f"--exclude={e}" for e in EXCLUDED],
            natural_foreign=True,  # primary keys kept: the audit chain hashes actor and object ids
            output=str(output / DATABASE),
            verbosity=0,
        )
        counts = row_counts()
        head = chain_head()
        snapshot_head = anchored_head()
        names = sorted(known_files())
    try:
        # every backup anchors the head it holds outside the database (the audit administrator's file)
        anchor = anchor_head(reason="backup", head=snapshot_head)
    except AnchorError as exc:
        raise BackupError(str(exc)) from exc
    root = storage_root()
    files, missing = {}, []
    for name in names:
        source = root / name
        if not source.is_file():
            missing.append(name)
            continue
        target = output / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        files[name] = sha256_of(target)
    manifest = {
        "format": FORMAT,
        "created_at": clock.now().isoformat(),
        "source_vendor": connection.vendor,
        "audit_head": head,
        "audit_anchor": anchor,
        "counts": counts,
        "database_sha256": sha256_of(output / DATABASE),
        "files": files,
        "missing_files": missing,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return Summary(
        rows=sum(counts.values()),
        models=sum(1 for n in counts.values() if n),
        files=len(files),
        audit_events=counts.get(AuditEvent._meta.label_lower, 0),
        head_seq=head["seq"],
        head_hash=head["hash"],
        missing_files=tuple(missing),
    )


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"无法读取备份清单 {source / MANIFEST}：{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("备份清单的格式版本不受支持。")
    if sha256_of(source / DATABASE) != manifest["database_sha256"]:
        raise BackupError("数据库备份文件的 SHA-256 与清单不符，备份已损坏。")
    for name, digest in manifest["files"].items():
        path = source / FILES / name
        if not path.is_file() or sha256_of(path) != digest:
            raise BackupError(f"备份中的文件 {name} 缺失或 SHA-256 与清单不符。")
    return manifest


def _require_empty_migrated_database() -> None:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("目标数据库尚未完成迁移：请先运行 python manage.py migrate。")
    occupied = {label: n for label, n in row_counts().items() if n}
    if occupied:
        listed = "、".join(f"{label}（{n} 条）" for label, n in sorted(occupied.items())[:5])
        raise BackupError(f"目标数据库不是空库，拒绝恢复：已有 {listed}。请在新建并迁移的空数据库上恢复。")


def backup_restore(*, source: Path) -> Summary:
    """Restore a backup into this (migrated, empty) database and its file storage, then verify it.
    Everything or nothing: a failed check rolls the database back and removes the copied files."""
    source = Path(source)
    manifest = _read_manifest(source)
    _require_empty_migrated_database()
    root = storage_root()
    for name, digest in manifest["files"].items():
        target = root / name
        if target.exists() and sha256_of(target) != digest:
            raise BackupError(f"文件存储中已有同名但内容不同的文件 {name}，拒绝覆盖。")
    copied = []
    try:
        for name in manifest["files"]:
            target = root / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / FILES / name, target)
                copied.append(target)
        with transaction.atomic():
            # Inserts only: the audit table's append-only triggers allow them.
            call_command("loaddata", str(source / DATABASE), verbosity=0)
            summary = _verify(manifest, root)
            audit_record(
                actor=None,
                action="system.restore",
                object_type="audit.auditevent",
                object_repr="从备份恢复",
                after={
                    "backup_created_at": manifest["created_at"],
                    "source_vendor": manifest["source_vendor"],
                    "audit_head": manifest["audit_head"],
                    "rows": summary.rows,
                    "files": summary.files,
                },
            )
    except BaseException:
        for target in copied:
            target.unlink(missing_ok=True)
        raise
    return summary


def _verify(manifest: dict, root: Path) -> Summary:
    # The chain alone: against the anchors, an older backup's chain is rightly shorter than the last anchor
    # (verify_audit names that after the restore: the events written after the backup are not in it).
    count, broken = audit_chain_verify(with_anchors=False)
    if broken:
        seq, why = broken
        raise BackupError(f"恢复后的审计链在第 {seq} 号事件处断裂：{why}")
    head = chain_head()
    if head != manifest["audit_head"]:
        raise BackupError(
            f"恢复后的审计链头（第 {head['seq']} 号）与备份清单（第 {manifest['audit_head']['seq']} 号）不符。"
        )
    counts = row_counts()
    differing = [label for label, n in manifest["counts"].items() if counts.get(label) != n]
    if differing:
        raise BackupError("恢复后的数据条数与备份清单不符：" + "、".join(differing))
    for name, digest in manifest["files"].items():
        if sha256_of(root / name) != digest:
            raise BackupError(f"恢复后的文件 {name} 的 SHA-256 与备份清单不符。")
    return Summary(
        rows=sum(counts.values()),
        models=sum(1 for n in counts.values() if n),
        files=len(manifest["files"]),
        audit_events=count,
        head_seq=head["seq"],
        head_hash=head["hash"],
    )
