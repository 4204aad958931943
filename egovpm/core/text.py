"""Text a person typed, in pure Python (the lifecycle engine reads reasons with it)."""

from __future__ import annotations

import unicodedata


def has_visible_text(value: str) -> bool:
    """Whether `value` shows anything: a character that is neither a space or separator (Z…) nor a
    control, format or unassigned code point (C…: zero-width spaces, joiners, BOM, bidi marks)."""
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in value or "")


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九: the numbers of 一、 （一） and 第一章 headings."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number out of range: {n}")
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")
