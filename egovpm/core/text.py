"""Text a person typed, in pure Python (the lifecycle engine reads reasons with it)."""

from __future__ import annotations

import unicodedata


def has_visible_text(value: str) -> bool:
    """Whether `value` shows anything: a character that is neither a space or separator (Z…) nor a
    control, format or unassigned code point (C…: zero-width spaces, joiners, BOM, bidi marks)."""
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in value or "")
