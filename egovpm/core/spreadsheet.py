"""What users typed stays text in every spreadsheet the platform writes (CWE-1236, formula injection).

openpyxl stores a str that begins with "=" as a formula (data_type "f"); Excel and WPS also evaluate a
text that begins with "+", "-" or "@" once someone edits the cell. Every export calls `as_text` on the
cells it fills: a str cell becomes a text cell (data_type "s", written as an inline string), and one that
begins with a formula trigger also carries the quote prefix (Excel's leading apostrophe), so that it stays
text when edited. The text itself is unchanged. Pure Python: the cells are openpyxl's, read by attribute."""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def looks_like_formula(value: str) -> bool:
    return value.lstrip(" ").startswith(FORMULA_TRIGGERS)


def as_text(cells: Iterable) -> None:
    """Make every str cell among `cells` a text cell (see the module's note)."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if looks_like_formula(cell.value):
                cell.quotePrefix = True
