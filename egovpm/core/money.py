"""Money is Decimal 万元 with two decimals, never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_wan(value) -> Decimal:
    """Parse a value into 万元 with exactly two decimals; raise ValueError when it is not a number."""
    if value is None or value == "":
        return ZERO
    if isinstance(value, float):
        raise TypeError("money is never a float")
    try:
        return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"不是有效金额：{value}") from exc


def fmt_wan(value: Decimal | None) -> str:
    """Format 万元 with thousands separators and two decimals."""
    if value is None:
        return "—"
    return f"{value:,.2f}"
