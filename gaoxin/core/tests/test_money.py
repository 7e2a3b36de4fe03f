"""Printed amounts: thousands separators, two places, and a negative amount with the minus
sign (U+2212) before the currency sign, in every money filter."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from gaoxin.core.money import MINUS, format_wan, format_whole_wan, format_yuan, parse_money


def test_minus_is_u2212_before_the_currency_sign():
    assert MINUS == "\u2212"
    assert format_yuan(Decimal("-6271233.64"), sign=True) == "\u2212¥6,271,233.64"
    assert format_yuan("-6271233.64") == "\u22126,271,233.64"
    assert format_yuan(Decimal("1377154.5"), sign=True) == "¥1,377,154.50"


@pytest.mark.parametrize(
    ("value", "yuan", "cny", "wan"),
    [
        (Decimal("0"), "0.00", "¥0.00", "0"),
        (Decimal("-0.001"), "0.00", "¥0.00", "0"),
        (Decimal("-0.005"), "\u22120.01", "\u2212¥0.01", "0"),
        (
            Decimal("-12884000000"),
            "\u221212,884,000,000.00",
            "\u2212¥12,884,000,000.00",
            "\u22121,288,400",
        ),
        (None, "—", "—", "—"),
    ],
)
def test_template_filters(value, yuan, cny, wan):
    rendered = Template("{% load core_tags %}{{ v|yuan }}|{{ v|cny }}|{{ v|wan }}").render(
        Context({"v": value})
    )
    assert rendered == f"{yuan}|{cny}|{wan}"


def test_wan_and_other_formatters_print_the_same_minus():
    assert format_wan(Decimal("-12345678.95")) == "\u22121,234.57"
    assert format_whole_wan(Decimal("-12884000000")) == "\u22121,288,400"
    assert "-" not in format_yuan(Decimal("-1"), sign=True)


@pytest.mark.parametrize(
    "value", [Decimal("-1.3242113610537227E+308"), Decimal("1E+40"), "9" * 40, Decimal("NaN")]
)
def test_an_amount_too_large_for_fen_is_refused_not_a_crash(value):
    """The API fuzzing sent -1.3e308 as a year's tax: quantising it to the fen raised
    InvalidOperation (a 500); it is a ValueError the service turns into a field message."""
    with pytest.raises(ValueError):
        parse_money(value)
