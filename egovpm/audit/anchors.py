"""Anchors of the audit chain outside the database: the head (seq, hash), signed with the audit key, is
appended to the anchor file (setting EGOVPM_AUDIT_ANCHOR_FILE, default var/audit-anchors.jsonl) by
`manage.py anchor_audit` (cron), after every audit export and at every backup. The file is opened for
appending only; the audit administrator keeps it (and its copies) where the database's users cannot write.
verify_audit checks the chain against every anchor (domain.check_chain)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction

from egovpm.core import clock

from . import keys as audit_keys
from .domain import Anchor, anchor_record, read_anchors
from .models import AuditEvent

log = logging.getLogger("egovpm.audit")


class AnchorError(Exception):
    """The anchor cannot be written; the message is Chinese and says why."""


def anchor_path() -> Path:
    return Path(settings.EGOVPM_AUDIT_ANCHOR_FILE)


def chain_head() -> tuple[int, str, int | None]:
    """(seq, hash, keyed_from) of the chain's last event; (0, "", None) for an empty chain."""
    head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    if head is None:
        return 0, "", None
    keyed_from = (
        AuditEvent.objects.filter(key_id__isnull=False).exclude(key_id="").order_by("seq").values_list("seq", flat=True)
    ).first()
    return head["seq"], head["hash"], keyed_from


def anchor_head(*, reason: str, head: tuple[int, str, int | None] | None = None) -> dict | None:
    """Append the signed head of the chain (as this transaction sees it, or `head` = (seq, hash,
    keyed_from) read earlier, e.g. in a backup's snapshot) to the anchor file; the record written, or None
    when the chain is empty. Raises AnchorError without a key or when the file cannot be written."""
    key = audit_keys.current_key()
    if key is None:
        raise AnchorError("未配置审计密钥（EGOVPM_AUDIT_KEY 或 EGOVPM_AUDIT_KEY_FILE），无法签名锚点。")
    seq, hash_, keyed_from = head or chain_head()
    if not seq:
        return None
    record = anchor_record(
        seq=seq,
        hash=hash_,
        keyed_from=keyed_from,
        at=clock.now().astimezone(clock.TZ).isoformat(timespec="seconds"),
        reason=reason,
        key_id=key[0],
        key=key[1],
        algorithm=settings.EGOVPM_AUDIT_HASH,
    )
    path = anchor_path()
    line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise AnchorError(f"无法写入锚点文件 {path}：{exc}") from exc
    return record


def anchor_after_commit(*, reason: str) -> None:
    """Anchor the head once the current transaction has committed (an export's own event included). A
    failure to write the anchor is logged, not raised: the export itself has happened and is recorded."""

    def write():
        try:
            anchor_head(reason=reason)
        except AnchorError as exc:
            log.error("audit anchor not written: %s", exc)

    transaction.on_commit(write)


def load_anchors() -> tuple[list[Anchor], tuple[int, str] | None]:
    """The anchors of the anchor file (none when there is no file yet), each signature checked."""
    path = anchor_path()
    keys, _ = audit_keys.keyring()
    try:
        with path.open(encoding="utf-8") as lines:
            return read_anchors(lines, keys)
    except FileNotFoundError:
        return [], None
    except (OSError, UnicodeDecodeError) as exc:
        return [], (0, f"无法读取锚点文件 {path}：{exc}")
