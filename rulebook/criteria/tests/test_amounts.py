"""Batch amounts (rulebook.criteria.amounts) equal evaluate_amount exactly, row by row: the same
Decimal (value and text: two places, the sign of a negative amount rounding to zero), None
for unknown, and the same exception where the engine raises one."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulebook.criteria import compile_formula, evaluate_amount
from rulebook.criteria.amounts import amounts_batch, amounts_fen, fen_to_yuan
from rulebook.criteria.tests.helpers import formula
from rulebook.criteria.tests.test_properties import CATALOG as PROPERTY_CATALOG
from rulebook.criteria.tests.test_properties import RECORD, num_expr

D = Decimal


def rows(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    size = len(next(iter(columns.values())))
    return [{key: column[i] for key, column in columns.items()} for i in range(size)]


def same(compiled, columns: dict[str, list[Any]]) -> list[Decimal | None]:
    """The batch result, checked against evaluate_amount (value and text) and amounts_fen."""
    batch = amounts_batch(compiled, columns)
    expected = [evaluate_amount(compiled, record) for record in rows(columns)]
    assert [None if a is None else str(a) for a in batch] == [
        None if e is None else str(e) for e in expected
    ]
    fen, known = amounts_fen(compiled, columns)
    assert known.tolist() == [e is not None for e in expected]
    assert [int(f) if k else None for f, k in zip(fen.tolist(), known.tolist(), strict=True)] == [
        None if e is None else int(e * 100) for e in expected
    ]
    return batch


def test_ten_percent_capped() -> None:
    compiled = formula('{"min": [{"*": [{"var": "rnd_expense"}, 0.1]}, 5000000]}')
    amounts = same(
        compiled, {"rnd_expense": [D("123.45"), None, D("100000000"), D("0.05"), D("-0.05")]}
    )
    assert amounts == [D("12.35"), None, D("5000000.00"), D("0.01"), D("-0.01")]


def test_ties_round_half_up_away_from_zero() -> None:
    compiled = formula('{"/": [{"var": "rnd_expense"}, 1000]}')
    values = [D(5), D(-5), D(15), D(-15), D(4), D(-4), D(6), D(-6), D(0)]
    amounts = same(compiled, {"rnd_expense": values})
    assert [str(a) for a in amounts] == [
        "0.01", "-0.01", "0.02", "-0.02", "0.00", "-0.00", "0.01", "-0.01", "0.00",
    ]  # fmt: skip


def test_thirds_and_division_by_zero_is_unknown() -> None:
    compiled = formula('{"/": [{"var": "rnd_expense"}, {"var": "revenue"}]}')
    amounts = same(
        compiled, {"rnd_expense": [D(1), D(2), D(2), D(1)], "revenue": [D(3), D(0), D(3), None]}
    )
    assert amounts == [D("0.33"), None, D("0.67"), None]


def test_a_constant_formula_gives_every_row_the_amount() -> None:
    assert same(formula("300000"), {"revenue": [None, D(1)]}) == [D("300000.00")] * 2


def test_no_rows() -> None:
    assert same(formula('{"var": "revenue"}'), {"revenue": []}) == []


def test_beyond_int64_stays_exact() -> None:
    compiled = formula('{"*": [{"var": "revenue"}, {"var": "revenue"}, 0.001]}')
    big = D(10) ** 10 + D("0.5")
    amounts = same(compiled, {"revenue": [big, D(3), -big]})
    assert amounts[0] == (big * big * D("0.001")).quantize(D("0.01"), rounding="ROUND_HALF_UP")


def test_huge_denominators_take_the_decimal_path() -> None:
    """Past 10**50 the engine's 60-digit quotient is what counts; the batch follows it."""
    compiled = formula(
        '{"/": [{"*": [{"var": "revenue"}, {"var": "revenue"}, {"var": "revenue"}]},'
        ' {"*": [{"var": "rnd_expense"}, {"var": "rnd_expense"}, {"var": "rnd_expense"}]}]}'
    )
    third = D(10) ** 20 + 1
    same(compiled, {"revenue": [third, D(7)], "rnd_expense": [D(3) * third, D(3)]})


def test_amounts_too_large_for_the_engine_raise_the_same() -> None:
    compiled = formula('{"*": [{"var": "revenue"}, {"var": "revenue"}]}')
    columns = {"revenue": [D(10) ** 13]}
    with pytest.raises(InvalidOperation):
        evaluate_amount(compiled, rows(columns)[0])
    with pytest.raises(InvalidOperation):
        amounts_batch(compiled, columns)


def test_the_sum_of_fen_is_the_sum_of_amounts() -> None:
    compiled = formula('{"*": [{"var": "rnd_expense"}, 0.15]}')
    values = [D("0.03"), D("0.1"), D("1234567.89"), None, D("0.07")]
    fen, known = amounts_fen(compiled, {"rnd_expense": values})
    expected = sum((evaluate_amount(compiled, {"rnd_expense": v}) or D(0) for v in values), D(0))
    assert fen_to_yuan(int(np.sum(fen[known]))) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(num_expr(3), st.lists(RECORD, min_size=1, max_size=25))
def test_batch_amounts_agree_with_evaluate_amount(data: Any, records: list[dict[str, Any]]):
    compiled = compile_formula(data, PROPERTY_CATALOG)
    columns = {key: [record[key] for record in records] for key in records[0]}
    try:
        for record in records:
            evaluate_amount(compiled, record)
    except InvalidOperation:  # an amount past 10**24 yuan: the engine refuses it, so does batch
        with pytest.raises(InvalidOperation):
            amounts_batch(compiled, columns)
        with pytest.raises(InvalidOperation):
            amounts_fen(compiled, columns)
        return
    same(compiled, columns)
