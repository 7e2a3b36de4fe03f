"""Money and decimal helpers.

Money is yuan held in :class:`decimal.Decimal`, never ``float``. There is exactly ONE rounding
function, :func:`round_fen`; every amount a rule hands out (a counted premium, a subsidy) passes
through it, and nothing else rounds money.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
"""One fen (分), the smallest unit of the yuan: the precision of every money amount."""


def round_fen(amount: Decimal) -> Decimal:
    """Round a yuan amount to the fen (0.01), half up. The rulebook's only rounding of money.

    Reference §3: "Money in yuan, ``Decimal``, each policy's subsidy rounded to the fen (0.01),
    half-up." ``round_fen(Decimal("0.005")) == Decimal("0.01")``.
    """
    if not isinstance(amount, Decimal):
        raise TypeError(f"round_fen expects a Decimal, got {type(amount).__name__}")
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """An amount as a decimal string with two places (``"1000000.00"``), via :func:`round_fen`."""
    return format(round_fen(amount), "f")


def decimal_str(value: Decimal) -> str:
    """A decimal as a plain string without exponent (``Decimal("8E+1")`` gives ``"80"``)."""
    return format(value, "f")


def percent_str(ratio: Decimal) -> str:
    """A ratio as a percentage without trailing zeros (``Decimal("0.80")`` gives ``"80%"``)."""
    return f"{format((ratio * 100).normalize(), 'f')}%"
