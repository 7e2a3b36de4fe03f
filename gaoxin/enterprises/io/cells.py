"""Cells of yearly figures, read the same way by the registry import and the department
lists: a year within the registry's range, money in yuan, a count. Each raises `CellError`
with the message a person can act on."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from django.core.validators import DecimalValidator
from django.db import models
from django.utils.translation import gettext as _

from gaoxin.core.imports import CellError, cell_decimal, cell_int
from gaoxin.core.money import to_yuan

from ..services.facts import FIRST_YEAR


def year_cell(raw: Any, this_year: int) -> int:
    """A year from FIRST_YEAR to this year."""
    try:
        year = cell_int(raw)
    except CellError:
        year = None
    if year is None or not FIRST_YEAR <= year <= this_year:
        raise CellError(
            _("Enter a year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year}
        )
    return year


def money_cell(field: models.Field, raw: Any):
    """An amount in yuan, not negative, rounded half-up to the fen and checked by `field`."""
    amount = cell_decimal(raw)
    if amount < 0:
        raise CellError(_("Amounts cannot be negative."))
    yuan = to_yuan(amount)
    limit = _digits_only(field)
    if limit is not None and yuan < limit:
        return yuan  # what field.clean would return: it only counts the digits
    return field.clean(yuan, None)


@functools.cache
def _digits_only(field: models.DecimalField) -> Decimal | None:
    """For a money field whose only check is the digit count (a 50 000-row import calls
    ``clean`` 250 000 times): the amount it accepts below; None when it checks more."""
    validators = field.validators
    if len(validators) != 1 or not isinstance(validators[0], DecimalValidator):
        return None
    if field.decimal_places != 2 or field.max_digits is None:
        return None
    return Decimal(10) ** (field.max_digits - field.decimal_places)


def count_cell(field: models.Field, raw: Any) -> int:
    """A whole number, not negative, checked by `field`."""
    number = cell_int(raw)
    if number < 0:
        raise CellError(_("This number cannot be negative."))
    return field.clean(number, None)
