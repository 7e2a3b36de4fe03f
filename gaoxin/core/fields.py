"""Model fields of core.

``FenField``: an amount in yuan (``Decimal``, two places) stored as whole fen in a BIGINT.
SQLite keeps a ``DecimalField`` as a binary float, so SQL arithmetic on it is inexact:
``committed + 5000000.00 <= budget`` can be false where the exact sum is equal, and a CHECK of
``paid <= committed`` can fail after both moved by the same amount. The ledgers, whose
invariants the database enforces with such conditional UPDATEs and CHECK constraints, store
their amounts as integers, exact on SQLite and PostgreSQL alike. Python sees yuan; an amount
inside an expression must be wrapped with :func:`yuan_value` so that it is sent as fen too.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.utils.translation import gettext_lazy as _

from .money import FEN


class FenField(models.DecimalField):
    description = _("Amount in yuan, stored as whole fen")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "BigIntegerField"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or hasattr(value, "resolve_expression"):
            return value
        amount = self.to_python(value)
        fen = (amount / FEN).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if fen * FEN != amount:
            raise ValidationError(
                _("%(value)s: an amount has at most two decimal places (fen)."),
                params={"value": value},
            )
        return int(fen)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return (Decimal(int(value)) * FEN).quantize(FEN)

    def get_db_converters(self, connection):
        # the backend's converters are those of a BIGINT; ours turns fen into yuan
        return [self.from_db_value]


def yuan_value(amount: Decimal) -> Value:
    """``amount`` (yuan) as a value of an expression over FenFields (sent as fen)."""
    return Value(amount, output_field=FenField())
