"""What a change did to an object, field by field, for the audit trail.

A service takes :func:`snapshot` of the fields it may change before and after the change and
passes both to ``record(..., changes=field_changes(before, after))``; the event's data then
holds ``"changes": {field: [before, after]}`` with only the fields that changed, and the audit
trail shows them as a before → after table. Values are stored JSON-ready (decimals and dates as
text), so what the row shows is what its hash covers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

CHANGES_KEY = "changes"


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(obj: models.Model | Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` of a model instance (its attribute, a foreign key as its text)
    or of a mapping, JSON-ready."""
    values = {}
    for name in fields:
        if isinstance(obj, Mapping):
            value = obj.get(name)
        else:
            value = getattr(obj, name, None)
            if isinstance(value, models.Model):
                value = str(value)
        values[name] = _jsonable(value)
    return values


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value differs (in the order of
    ``after``, then the fields only ``before`` has)."""
    changes = {}
    for name in [*after, *(key for key in before if key not in after)]:
        old, new = _jsonable(before.get(name)), _jsonable(after.get(name))
        if old != new:
            changes[name] = [old, new]
    return changes
