from decimal import Decimal

import pytest

from rulebook.engine.money import money_str, percent_str, round_fen


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("70000.105", "70000.11"),  # half-up, where banker's rounding would give .10
        ("30000.045", "30000.05"),
        ("-0.005", "-0.01"),
        ("1000000", "1000000.00"),
    ],
)
def test_round_fen_rounds_half_up_to_the_fen(amount, expected):
    assert round_fen(Decimal(amount)) == Decimal(expected)


def test_round_fen_refuses_a_float():
    with pytest.raises(TypeError):
        round_fen(0.1)  # type: ignore[arg-type]


def test_money_str_has_two_places():
    assert money_str(Decimal("8E+1")) == "80.00"
    assert money_str(Decimal("1200000")) == "1200000.00"


def test_percent_str_drops_trailing_zeros():
    assert percent_str(Decimal("0.80")) == "80%"
    assert percent_str(Decimal("0.025")) == "2.5%"
