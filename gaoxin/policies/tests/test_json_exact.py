"""Criteria numbers survive storage exactly, or are refused; never silently rounded."""

import json
from decimal import Decimal

import pytest

from gaoxin.policies.models import DecimalJSONDecoder, DecimalJSONEncoder


def round_trip(value):
    return json.loads(json.dumps({"v": value}, cls=DecimalJSONEncoder), cls=DecimalJSONDecoder)["v"]


@pytest.mark.parametrize("text", ["0.1", "0.03", "2.995", "123456.78", "0.000001"])
def test_fractions_read_back_exactly(text):
    assert round_trip(Decimal(text)) == Decimal(text)


def test_large_whole_numbers_stay_exact():
    big = Decimal("12345678901234567890123")
    assert round_trip(big) == big


def test_too_many_digits_are_refused_not_rounded():
    with pytest.raises(ValueError, match="more digits"):
        json.dumps(Decimal("0.12345678901234567890"), cls=DecimalJSONEncoder)
