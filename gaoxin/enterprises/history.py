"""The lines of an enterprise's history, in the reader's language.

An audit event's ``summary`` is written once, in the language of the request that made the
change (Chinese, for most), and is part of the hash chain: it cannot be rewritten. The history
shows instead a line built at display time from the event's action and data, with the same
message as the service wrote, in the language of whoever reads it. An event this module does
not know, or whose data does not say enough, shows its stored summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from gaoxin.audit.models import AuditEvent

from .choices import QualificationKind
from .models import Contact, Enterprise, FactRecord, Qualification, YearlyFact
from .services.declarations import describe


def _changes(event: AuditEvent) -> dict[str, Any]:
    changes = (event.data or {}).get("changes") or {}
    return changes if isinstance(changes, dict) else {}


def _changed(event: AuditEvent, name: str) -> Any:
    """The field's value after the change, or before it (a removal), when the event has it."""
    pair = _changes(event).get(name)
    if isinstance(pair, list) and len(pair) == 2:
        return pair[1] if pair[1] not in (None, "") else pair[0]
    return None


def _fields(model, event: AuditEvent) -> str | None:
    labels = []
    for name in _changes(event):
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            continue
    return str(get_text_list(labels, _("and"))) if labels else None


def _contact_name(event: AuditEvent) -> str | None:
    name = _changed(event, "name")
    if name:
        return str(name)
    contact_id = (event.data or {}).get("contact_id")
    return Contact.objects.filter(pk=contact_id).values_list("name", flat=True).first()


def _qualification(event: AuditEvent) -> str | None:
    kind = _changed(event, "kind")
    number = _changed(event, "certificate_no")
    if not kind:
        found = Qualification.objects.filter(pk=(event.data or {}).get("qualification_id")).first()
        return str(found) if found else None
    label = dict(QualificationKind.choices).get(kind, kind)
    return f"{label} {number or ''}".strip()


def _declared(event: AuditEvent) -> str | None:
    record = (
        FactRecord.objects.select_related("qualification")
        .filter(pk=(event.data or {}).get("record_id"))
        .first()
    )
    return describe(record) if record else None


def _year(event: AuditEvent) -> Any:
    return (event.data or {}).get("year")


def _line(message: str, **parts: Callable[[AuditEvent], Any]):
    """A builder: ``message`` (translated when shown) with each part taken from the event; None
    when a part is missing, so the stored summary shows."""

    def build(event: AuditEvent) -> str | None:
        values = {key: part(event) for key, part in parts.items()}
        if any(value in (None, "") for value in values.values()):
            return None
        return _(message) % values

    return build


def _name(event: AuditEvent) -> str | None:
    return _changed(event, "name") or event.object_repr or None


LINES: dict[str, Callable[[AuditEvent], str | None]] = {
    "enterprises.enterprise.create": _line(N_("Registered enterprise %(name)s"), name=_name),
    "enterprises.enterprise.update": _line(
        N_("Changed %(fields)s of %(name)s"),
        fields=lambda e: _fields(Enterprise, e),
        name=lambda e: e.object_repr,
    ),
    "enterprises.yearly_fact.create": _line(N_("Recorded the figures for %(year)s"), year=_year),
    "enterprises.yearly_fact.update": _line(
        N_("Changed %(fields)s for %(year)s"), fields=lambda e: _fields(YearlyFact, e), year=_year
    ),
    "enterprises.yearly_fact.delete": _line(N_("Deleted the figures for %(year)s"), year=_year),
    "enterprises.qualification.add": _line(
        N_("Added the qualification %(qualification)s"), qualification=_qualification
    ),
    "enterprises.qualification.update": _line(
        N_("Changed the qualification %(qualification)s"), qualification=_qualification
    ),
    "enterprises.qualification.remove": _line(
        N_("Removed the qualification %(qualification)s"), qualification=_qualification
    ),
    "enterprises.contact.add": _line(N_("Added the contact %(name)s"), name=_contact_name),
    "enterprises.contact.update": _line(N_("Changed the contact %(name)s"), name=_contact_name),
    "enterprises.contact.remove": _line(N_("Removed the contact %(name)s"), name=_contact_name),
    "enterprises.contact.reveal": _line(
        N_("Showed the phone number of the contact %(name)s"), name=_contact_name
    ),
    "enterprises.declaration.submit": _line(
        N_("Declared %(subject)s for verification"), subject=_declared
    ),
    "enterprises.declaration.verify": _line(N_("Verified %(subject)s"), subject=_declared),
    "enterprises.declaration.reject": _line(N_("Rejected %(subject)s"), subject=_declared),
}


def history_line(event: AuditEvent) -> str:
    """The event's line in the active language; its stored summary when it cannot be built."""
    build = LINES.get(event.action)
    line = build(event) if build is not None else None
    return line or event.summary


def with_lines(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """The events, each with ``line`` (``history_line``) for the page."""
    events = list(events)
    for event in events:
        event.line = history_line(event)
    return events
