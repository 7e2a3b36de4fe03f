"""``field__any_of=[...]``: membership in a long list of plain values as ONE query parameter.

Django's ``__in`` prepares and binds each value on its own (~5 µs a value in Python, and
SQLite caps the parameters of a statement); the import asks about a thousand credit codes, ids
and names per batch, twice. ``any_of`` sends the list whole: ``= ANY(%s)`` with an array on
PostgreSQL, ``IN (SELECT value FROM json_each(%s))`` with a JSON array on SQLite; both use the
column's index. The values are taken as they are — str or int, as the column stores them
(no field conversion) — so it is for keys and codes, not for dates, decimals or model
instances, which it refuses.
"""

from __future__ import annotations

import json

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        values = list(self.rhs)
        kinds = {type(value) for value in values}
        if not kinds <= {str} and not kinds <= {int}:  # bool, an int subclass, is refused too
            names = ", ".join(sorted(kind.__name__ for kind in kinds))
            raise TypeError(f"any_of takes all str or all int values, not {names}")
        return values

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet  # as __in=[]: nothing matches, and no query is sent
        if connection.vendor == "postgresql":
            kind = "text[]" if isinstance(self.rhs[0], str) else "bigint[]"
            return f"{lhs} = ANY(%s::{kind})", [*lhs_params, self.rhs]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"any_of on {connection.vendor}")
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [  # noqa: S608 - lhs is a column
            *lhs_params,
            json.dumps(self.rhs, ensure_ascii=False),
        ]


models.Field.register_lookup(AnyOf)
models.ForeignObject.register_lookup(AnyOf)  # a foreign key by its id: enterprise_id__any_of
