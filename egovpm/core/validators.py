"""Validators of text a person typed."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .text import has_visible_text

__all__ = ["has_visible_text", "validate_visible_text"]


def validate_visible_text(value: str) -> None:
    """A reason or opinion that reads as empty on the page is no reason."""
    if not has_visible_text(value):
        raise ValidationError("内容不能为空，也不能只有空格或不可见字符。", code="blank")
