"""Cells of yearly figures, read the same way by the registry import and the department
lists: a year within the registry's range, money in yuan, a count. Each raises `CellError`
with the message a person can act on."""

from __future__ import annotations

from typing import Any

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
    return field.clean(to_yuan(amount), None)


def count_cell(field: models.Field, raw: Any) -> int:
    """A whole number, not negative, checked by `field`."""
    number = cell_int(raw)
    if number < 0:
        raise CellError(_("This number cannot be negative."))
    return field.clean(number, None)
