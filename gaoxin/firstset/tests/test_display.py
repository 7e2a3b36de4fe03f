"""The first-set pages print amounts with core's money formatting (one minus sign, U+2212)."""

from gaoxin.firstset.display import money


def test_a_negative_amount_prints_the_minus_sign_of_core_money():
    assert money("-448000") == "\u2212448,000.00"
