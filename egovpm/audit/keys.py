"""The audit key ring: the keys whose HMAC chains the audit events and signs the anchors. The keys are
never in the database: settings (environment) `EGOVPM_AUDIT_KEY` with `EGOVPM_AUDIT_KEY_ID`, or a key file
`EGOVPM_AUDIT_KEY_FILE` (domain.parse_key_file: one `<id> <secret>` a line, the last one current, the
retired ones kept so that older events still verify). The development and test settings carry the public
development key (config/settings/base.py DEV_AUDIT_KEY); the production settings refuse to start without
a key of their own."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .domain import parse_key_file

_parsed: dict[tuple[str, int], tuple[dict[str, bytes], str | None]] = {}


def _read_key_file(path: str) -> tuple[dict[str, bytes], str | None]:
    """The key file parsed, again only when it changed (a rotation appends a line to it)."""
    try:
        stamp = (path, Path(path).stat().st_mtime_ns)
        if stamp not in _parsed:
            _parsed.clear()
            _parsed[stamp] = parse_key_file(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImproperlyConfigured(f"无法读取审计密钥文件 {path}：{exc}") from exc
    except ValueError as exc:
        raise ImproperlyConfigured(f"{path}：{exc}") from exc
    return _parsed[stamp]


def keyring() -> tuple[dict[str, bytes], str | None]:
    """(keys by id, the current key's id or None when no key is configured)."""
    keys: dict[str, bytes] = {}
    current = None
    path = str(getattr(settings, "EGOVPM_AUDIT_KEY_FILE", "") or "")
    if path:
        file_keys, current = _read_key_file(path)
        keys.update(file_keys)
    secret = getattr(settings, "EGOVPM_AUDIT_KEY", "") or ""
    key_id = getattr(settings, "EGOVPM_AUDIT_KEY_ID", "") or "k1"
    if secret:
        keys[key_id] = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        current = key_id
    return keys, current


def current_key() -> tuple[str, bytes] | None:
    """(id, key) of the key new events are chained with, or None (an unkeyed chain: only before a
    deployment configures its key; the production settings refuse to start without one)."""
    keys, current = keyring()
    return (current, keys[current]) if current else None
