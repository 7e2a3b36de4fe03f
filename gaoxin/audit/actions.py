"""The registry of audit actions and their labels.

Each app declares the labels of the actions it records in its own ``audit_actions.py``
(``AUDIT_ACTIONS = {"policies.draft.save": _("Policy draft saved"), ...}``) and registers them
in its ``AppConfig.ready()`` with :func:`register_actions`. The audit trail shows the label in
the reader's language and offers the labelled actions, grouped by app, as a filter; audit
imports no other app. A test fails when an action recorded anywhere in the code has no label.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.apps import apps
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, object] = {}

# What audit records itself, and the actions of the layers below it (core, the demo loader).
AUDIT_ACTIONS = {
    "audit.export": _("Audit trail exported"),
    "core.schedule.enqueue": _("Scheduled job queued"),
    "core.holiday_arrangement.create": _("Holiday arrangement entered"),
    "core.holiday_arrangement.update": _("Holiday arrangement changed"),
    "core.holiday_arrangement.delete": _("Holiday arrangement deleted"),
    "demo.load": _("Demo data loaded"),
}


def register_actions(labels: Mapping[str, object]) -> None:
    """Add ``{action code: label}``; a code registered twice with another label is an error."""
    for code, label in labels.items():
        if _LABELS.get(code, label) is not label:
            raise ValueError(f"audit action {code!r} is registered twice")
        _LABELS[code] = label


def known_actions() -> set[str]:
    return set(_LABELS)


def action_label(code: str) -> str:
    """The label of ``code`` in the active language; an unknown code as it is."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code


def app_label(prefix: str) -> str:
    """ "policies" → the app's verbose name; other prefixes as they are."""
    try:
        return str(apps.get_app_config(prefix).verbose_name)
    except LookupError:
        return prefix


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every labelled action, grouped by app (``[(app name, [(code, label), ...]), ...]``)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code in _LABELS:
        groups.setdefault(code.split(".", 1)[0], []).append((code, action_label(code)))
    return [
        (app_label(prefix), sorted(items, key=lambda item: item[1]))
        for prefix, items in sorted(groups.items(), key=lambda group: app_label(group[0]))
    ]
