"""The one format of the platform's key files (the audit key ring, the data key ring). Pure Python."""

from __future__ import annotations


def parse_key_file(text: str, label: str) -> tuple[dict[str, bytes], str | None]:
    """A key ring from a key file: one key a line, `<key id> <secret>` (blank lines and # comments ignored);
    the last line is the current key. Returns (keys by id, the current key's id)."""
    keys: dict[str, bytes] = {}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) > 16:
            raise ValueError(f"{label}第 {number} 行应为「密钥编号 密钥」（编号不超过 16 个字符）")
        keys[parts[0]] = parts[1].strip().encode("utf-8")
        current = parts[0]
    return keys, current
