"""Validators of text a person typed."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError


def has_visible_text(value: str) -> bool:
    """Whether `value` shows anything: a character that is neither a space or separator (Z…) nor a
    control, format or unassigned code point (C…: zero-width spaces, joiners, BOM, bidi marks)."""
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in value or "")


def validate_visible_text(value: str) -> None:
    """A reason or opinion that reads as empty on the page is no reason."""
    if not has_visible_text(value):
        raise ValidationError("内容不能为空，也不能只有空格或不可见字符。", code="blank")
