"""Set-based benefit amounts: a formula evaluated over columns of many records (numpy).

The batch twin of :func:`rulebook.criteria.explain.evaluate_amount`, for the policy sandbox,
which needs the amount of every qualifying enterprise under two formulas. The formula tree is
evaluated whole-column by the batch evaluator (:mod:`.batch`: exact rationals ``n / d``), and
each row is rounded to the fen in integers, half up (away from zero on a tie, as
``Decimal.quantize(ROUND_HALF_UP)``): ``fen = floor(100·n / d)`` plus one when the remainder is
more than half, or exactly half and the value positive.

Exactly equal to ``evaluate_amount``: that function divides at 60 significant digits before
rounding once; the two agree whenever ``|n| < 10**50`` (the 60-digit quotient is then closer to
the exact value than any half-fen boundary it is not on), and amounts of ``10**24`` yuan or more
overflow the default 28-digit context there. Rows outside those bounds (only possible in the
Python-int columns) take ``evaluate_amount``'s own Decimal path, so the result is the same in
every case, exceptions included.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext
from typing import Any

import numpy as np

from rulebook.criteria.batch import Frame, _Evaluator, _mul
from rulebook.criteria.logic import Formula
from rulebook.engine.money import round_fen

_EXACT_NUMERATOR = 10**50
_MAX_YUAN = 10**24


def _full(value: Any, size: int) -> np.ndarray:
    """A scalar or column as a column of ``size`` rows (``int64``, or Python ints when large)."""
    if not isinstance(value, np.ndarray):
        value = np.asarray(value, dtype=object if abs(int(value)) >= 2**62 else np.int64)
    return np.broadcast_to(value, (size,))


def _frame(formula: Formula, columns: Mapping[str, Any] | Frame) -> Frame:
    return columns if isinstance(columns, Frame) else Frame(formula.catalog, columns)


def _exact(formula: Formula, frame: Frame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: numerator, positive denominator, known (numpy arrays of the frame's size)."""
    result = _Evaluator(frame).eval(formula.root)
    size = frame.size
    known = np.array(_full(result.k, size), dtype=bool)
    n = np.where(known, _full(result.n, size), 0)  # unknown rows: 0 / 1
    d = np.where(known, _full(result.d, size), 1)
    return n, d, known


def _decimal_path(n: int, d: int) -> Decimal:
    """``evaluate_amount``'s own conversion: divide at 60 digits, then ``round_fen``."""
    with localcontext() as context:
        context.prec = 60
        amount = Decimal(n) / Decimal(d)
    return round_fen(amount)


def _fallback_rows(n: np.ndarray, d: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Rows whose integer rounding could differ from the 60-digit Decimal path."""
    if n.dtype != object and d.dtype != object:
        return np.zeros(len(n), dtype=bool)  # |n| < 2**63 and |n / d| < 10**19: always exact
    magnitude = np.abs(n.astype(object))
    far = (magnitude >= _EXACT_NUMERATOR) | (magnitude >= d.astype(object) * _MAX_YUAN)
    return np.asarray(far, dtype=bool) & known


def _round(n: np.ndarray, d: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fen per row (half up, in integers) and the rows that took the Decimal path."""
    fallback = _fallback_rows(n, d, known)
    scaled = _mul(n, 100)
    quotient = scaled // d  # floor division, for int64 and Python ints alike
    remainder = scaled - _mul(quotient, d)  # 0 <= remainder < d
    twice = _mul(remainder, 2)
    up = (twice > d) | ((twice == d) & (quotient >= 0))  # a tie goes away from zero
    fen = quotient + up if quotient.dtype == object else quotient + up.astype(np.int64)
    if fallback.any():
        fen = fen.astype(object)
        for row in np.flatnonzero(fallback):
            fen[row] = int(_decimal_path(int(n[row]), int(d[row])).scaleb(2))
    return fen, fallback


def amounts_fen(
    formula: Formula, columns: Mapping[str, Any] | Frame
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the formula's amount in fen (integers: ``int64``, or Python ints when large)
    and whether it is known; an unknown row holds 0. ``amounts_fen(...)[0][i] / 100`` equals
    ``evaluate_amount`` of row i. The sum of a selection is exact (integer addition)."""
    n, d, known = _exact(formula, _frame(formula, columns))
    fen, _fallback = _round(n, d, known)
    return fen, known


def amounts_batch(formula: Formula, columns: Mapping[str, Any] | Frame) -> list[Decimal | None]:
    """``[evaluate_amount(formula, row) for row in columns]``, evaluated whole-column: the
    amount of each row in yuan (Decimal, two places) or ``None`` when unknown."""
    n, d, known = _exact(formula, _frame(formula, columns))
    fen, fallback = _round(n, d, known)
    out: list[Decimal | None] = []
    for row, (value, is_known) in enumerate(zip(fen.tolist(), known.tolist(), strict=True)):
        if not is_known:
            out.append(None)
        elif fallback[row]:
            out.append(_decimal_path(int(n[row]), int(d[row])))
        else:
            out.append(fen_to_yuan(value, negative=bool(n[row] < 0)))
    return out


def fen_to_yuan(fen: int, *, negative: bool = False) -> Decimal:
    """Integer fen as yuan with two places (``12345`` → ``Decimal("123.45")``); ``negative``
    keeps the sign of a negative amount that rounds to zero (``Decimal("-0.00")``), as
    ``round_fen`` does."""
    sign = "-" if fen == 0 and negative else ""
    return Decimal(f"{sign}{int(fen)}E-2")
