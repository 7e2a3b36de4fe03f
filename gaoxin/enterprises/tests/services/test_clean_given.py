"""clean_given checks a list's values as full_clean checks them on an instance."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gaoxin.enterprises.models import YearlyFact
from gaoxin.enterprises.services._common import clean_given


def full_clean_errors(values: dict) -> dict:
    fact = YearlyFact(year=2023, **values)
    exclude = [f.name for f in YearlyFact._meta.fields if f.name not in values]
    try:
        fact.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        return exc.message_dict
    return {}


@pytest.mark.parametrize(
    "values",
    [
        {"revenue": Decimal("12.50"), "employees": 3},
        {"revenue": Decimal("1" * 20)},  # too many digits
        {"revenue": Decimal("1.001")},  # too many decimal places
        {"employees": -1, "patents_granted": 2},
        {"employees": 10**12},  # beyond the column
        {"revenue": None, "tax_paid": ""},
        {"export_value": "abc"},
    ],
)
def test_the_same_errors_as_full_clean(values):
    errors: dict[str, list] = {}
    clean_given(YearlyFact, values, errors)
    found = ValidationError(errors).message_dict if errors else {}
    assert found == full_clean_errors(values)


def test_an_error_of_the_caller_is_kept_alone():
    errors = {"revenue": ["ours"]}
    clean_given(YearlyFact, {"revenue": Decimal("1" * 20), "employees": -1}, errors)
    assert errors["revenue"] == ["ours"] and "employees" in errors


def test_the_values_are_cleaned():
    errors: dict[str, list] = {}
    assert clean_given(YearlyFact, {"revenue": "3.50", "employees": "7"}, errors) == {
        "revenue": Decimal("3.50"),
        "employees": 7,
    }
    assert errors == {}
