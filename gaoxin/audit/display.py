"""How an audit event reads on a page: its action's label and its changes as before → after."""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .changes import CHANGES_KEY
from .models import AuditEvent


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    before: str
    after: str


def _models_for(event: AuditEvent) -> list:
    """The event's object model first, then the other models of the action's app."""
    found = []
    if event.object_type:
        with suppress(LookupError, ValueError):
            found.append(apps.get_model(event.object_type))
    with suppress(LookupError):
        found += list(apps.get_app_config(event.action.split(".", 1)[0]).get_models())
    return found


def field_label(event: AuditEvent, name: str) -> str:
    """The verbose name of ``name`` on the event's object (or a model of its app)."""
    for model in _models_for(event):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def value_text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list) and all(not isinstance(item, (dict, list)) for item in value):
        return "、".join(str(item) for item in value) or "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def change_rows(event: AuditEvent) -> list[ChangeRow]:
    """The event's ``changes`` as rows; none when it records no field changes."""
    changes = (event.data or {}).get(CHANGES_KEY)
    if not isinstance(changes, dict):
        return []
    rows = []
    for name, pair in changes.items():
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        before, after = value_text(pair[0]), value_text(pair[1])
        rows.append(ChangeRow(name, field_label(event, name), before, after))
    return rows
