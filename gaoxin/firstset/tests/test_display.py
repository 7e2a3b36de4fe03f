"""The first-set pages print amounts with core's money formatting (one minus sign, U+2212)."""

from gaoxin.firstset.display import money


def test_a_negative_amount_prints_the_minus_sign_of_core_money():
    assert money("-448000") == "\u2212448,000.00"


def test_a_share_prints_as_a_percentage_with_two_places_rounded_half_up():
    from gaoxin.firstset.display import percent2

    assert percent2("0.0300") == "3.00 %"
    assert percent2("0.123450") == "12.35 %"
    assert percent2(None) == "—"
