"""An enterprise's qualifications (高新技术企业, 专精特新 …)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import Entry, record, record_many
from gaoxin.core.bulk import blank_row, insert_history, insert_rows, update_with_history

from ..choices import RecordSubject
from ..models import Enterprise, FactRecord, Qualification
from . import declarations
from ._common import (
    ListedRowsInvalid,
    ListedWritten,
    as_date,
    as_text,
    blank,
    diff,
    facts_changed,
    full_clean_or_raise,
    raise_if_any,
    reject_unknown,
    require_edit,
    require_listed_write,
    snapshot,
)

QUALIFICATION_FIELDS = ("kind", "certificate_no", "valid_from", "valid_to")


@transaction.atomic
def qualification_add(
    *,
    actor,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    evidence: str = "",
    attachment=None,
    provenance: Mapping[str, Any] | None = None,
    verifying: FactRecord | None = None,
) -> Qualification | FactRecord:
    """Add a qualification. An official of the zone adds it (returns it); anyone else declares
    it, with the certificate's scan and its validity period (returns the pending record)."""
    require_edit(actor, enterprise)
    qualification = Qualification(enterprise=enterprise)
    direct = bool(verifying) or declarations.verifies_directly(actor, enterprise)
    _apply_qualification(qualification, data, declaring=not direct, attachment=attachment)
    after = snapshot(qualification, QUALIFICATION_FIELDS)
    if not direct:
        return _declare(actor, enterprise, qualification, after, {}, evidence, attachment)
    written = _write(actor, enterprise, qualification, after, {}, provenance, verifying)
    entry = _entry(
        qualification, diff(blank(QUALIFICATION_FIELDS), after), written.pk, created=True
    )
    record(actor=actor, action=entry.action, obj=entry.obj, summary=entry.summary, data=entry.data)
    facts_changed(enterprise)
    return qualification


@transaction.atomic
def qualification_update(
    *,
    actor,
    qualification: Qualification,
    data: Mapping[str, Any],
    evidence: str = "",
    attachment=None,
    provenance: Mapping[str, Any] | None = None,
    verifying: FactRecord | None = None,
) -> Qualification | FactRecord:
    """Change a qualification: written by an official of the zone, declared by anyone else."""
    enterprise = qualification.enterprise
    require_edit(actor, enterprise)
    qualification = Qualification.objects.select_for_update().get(pk=qualification.pk)
    before = snapshot(qualification, QUALIFICATION_FIELDS)
    direct = bool(verifying) or declarations.verifies_directly(actor, enterprise)
    _apply_qualification(qualification, data, declaring=not direct, attachment=attachment)
    changes = diff(before, snapshot(qualification, QUALIFICATION_FIELDS))
    if not changes:
        return qualification
    values = {name: new for name, (_old, new) in changes.items()}
    previous = {name: old for name, (old, _new) in changes.items()}
    if not direct:
        return _declare(actor, enterprise, qualification, values, previous, evidence, attachment)
    written = _write(actor, enterprise, qualification, values, previous, provenance, verifying)
    entry = _entry(qualification, changes, written.pk, created=False)
    record(actor=actor, action=entry.action, obj=entry.obj, summary=entry.summary, data=entry.data)
    facts_changed(enterprise)
    return qualification


def _entry(
    qualification: Qualification, changes: dict[str, list], record_id: int, *, created: bool
) -> Entry:
    """The audit event of a qualification written: what changed, and the record saying whence."""
    if created:
        summary = _("Added the qualification %(qualification)s")
    else:
        summary = _("Changed the qualification %(qualification)s")
    return Entry(
        action="enterprises.qualification.add" if created else "enterprises.qualification.update",
        obj=qualification.enterprise,
        summary=summary % {"qualification": qualification},
        data={
            "qualification_id": qualification.pk,
            "record_id": record_id,
            "changes": changes,
        },
    )


@dataclass(frozen=True, slots=True)
class ListedQualification:
    """A row of a department's qualification list: an enterprise's certificate (kind, number,
    validity) and the qualification on file it is about (None: a new one)."""

    enterprise: Enterprise
    data: Mapping[str, Any]
    held: Qualification | None = None


@transaction.atomic
def qualifications_write_listed(
    *,
    actor,
    rows: Sequence[ListedQualification],
    provenance: Mapping[str, Any],
    reason: str,
) -> list[ListedWritten]:
    """A department's qualification list written by an official of the enterprises' zone: for
    each row what :func:`qualification_add` (no ``held``) or :func:`qualification_update` does
    with the department as ``provenance`` — the qualification saved with its field history
    (with ``reason``), a verified ``FactRecord``, an audit event, the policy push — for all rows
    in a few statements. A row equal to the qualification held writes nothing.

    A refused row raises ``ListedRowsInvalid`` (every refused row, by index) before anything is
    written; an enterprise the actor cannot verify raises ``PermissionDeniedError``. A held
    qualification appears once, and belongs to its row's enterprise."""
    require_listed_write(actor, {row.enterprise.pk for row in rows}, provenance)
    held_ids = [row.held.pk for row in rows if row.held is not None]
    if len(set(held_ids)) != len(held_ids):
        raise ValueError("a list names a qualification held once")
    locked = Qualification.objects.select_for_update().in_bulk(held_ids) if held_ids else {}
    written, errors = [], {}
    new, changed, to_write = [], [], []
    for index, row in enumerate(rows):
        qualification = None
        if row.held is not None:
            # as qualification_update: the one held must still be there, of the row's enterprise
            qualification = locked.get(row.held.pk)
            if qualification is None:
                raise Qualification.DoesNotExist(f"qualification {row.held.pk} was removed")
            if qualification.enterprise_id != row.enterprise.pk:
                raise ValueError("a held qualification is of the row's enterprise")
        created = qualification is None
        if created:
            qualification = Qualification(enterprise=row.enterprise)
            before = blank(QUALIFICATION_FIELDS)
        else:
            qualification.enterprise = row.enterprise
            before = snapshot(qualification, QUALIFICATION_FIELDS)
        try:
            # the enterprise was checked above, with the rest; the validity period's order by
            # _apply_qualification (the database enforces it too)
            _apply_qualification(
                qualification, row.data, exclude=["enterprise"], validate_constraints=False
            )
        except ValidationError as exc:
            errors[index] = exc
            written.append(ListedWritten(created, {}))
            continue
        changes = diff(before, snapshot(qualification, QUALIFICATION_FIELDS))
        written.append(ListedWritten(created, changes))
        if created or changes:
            (new if created else changed).append(qualification)
            to_write.append((qualification, written[-1]))
    if errors:
        raise ListedRowsInvalid(errors)
    _save_listed(actor, new, changed, to_write, provenance, reason)
    return written


def _save_listed(
    actor,
    new: list[Qualification],
    changed: list[Qualification],
    to_write: list[tuple[Qualification, ListedWritten]],
    provenance: Mapping[str, Any],
    reason: str,
) -> None:
    """Write the new and changed qualifications with their history, then a record and an event
    each."""
    now = timezone.now()
    history = {"user": actor, "reason": reason, "when": now}
    new_rows = [{**blank_row(Qualification, q), "created_at": now, "updated_at": now} for q in new]
    ids = insert_rows(Qualification, new_rows, return_ids=True)
    for qualification, row, pk in zip(new, new_rows, ids, strict=True):
        qualification.pk = row["id"] = pk
        qualification.created_at = qualification.updated_at = now
    insert_history(Qualification, new_rows, history_type="+", **history)
    for qualification in changed:
        qualification.updated_at = now
    update_with_history(Qualification, changed, (*QUALIFICATION_FIELDS, "updated_at"), **history)
    record_rows = []
    for qualification, result in to_write:
        values = {name: new for name, (_old, new) in result.changes.items()}
        previous = {name: old for name, (old, _new) in result.changes.items()}
        record_rows.append(
            {
                **declarations.new_entry_row(
                    actor=actor,
                    enterprise_id=qualification.enterprise_id,
                    subject=RecordSubject.QUALIFICATION,
                    slot=declarations.qualification_slot(qualification, qualification.kind),
                    qualification_id=qualification.pk,
                    values=_all_values(qualification) if result.created else values,
                    previous={} if result.created else previous,
                    provenance=provenance,
                    when=now,
                ),
                "created_at": now,
            }
        )
    record_ids = insert_rows(FactRecord, record_rows, return_ids=True)
    entries = []
    for (qualification, result), record_id in zip(to_write, record_ids, strict=True):
        entries.append(_entry(qualification, result.changes, record_id, created=result.created))
        facts_changed(qualification.enterprise)
    record_many(actor=actor, entries=entries)


def _all_values(qualification: Qualification) -> dict[str, Any]:
    """A new qualification's values as qualification_add records them."""
    return snapshot(qualification, QUALIFICATION_FIELDS)


def _declare(
    actor,
    enterprise: Enterprise,
    qualification: Qualification,
    values: Mapping[str, Any],
    previous: Mapping[str, Any],
    evidence: str,
    attachment,
) -> FactRecord:
    """A qualification declared for verification: a change of the one on file, or a new one
    (not saved: the declaration is about its kind). The registry is not changed."""
    on_file = qualification if qualification.pk else None
    return declarations.declared(
        actor=actor,
        enterprise=enterprise,
        subject=RecordSubject.QUALIFICATION,
        slot=declarations.qualification_slot(on_file, qualification.kind),
        qualification=on_file,
        values=values,
        previous=previous,
        evidence=evidence,
        attachment=attachment,
    )


def _write(
    actor,
    enterprise: Enterprise,
    qualification: Qualification,
    values: Mapping[str, Any],
    previous: Mapping[str, Any],
    provenance: Mapping[str, Any] | None,
    verifying: FactRecord | None,
) -> FactRecord:
    """Save a verifier's qualification; its provenance record."""
    qualification.save()
    return declarations.entry_written(
        actor=actor,
        enterprise=enterprise,
        subject=RecordSubject.QUALIFICATION,
        slot=declarations.qualification_slot(qualification, qualification.kind),
        qualification=qualification,
        values=values,
        previous=previous,
        provenance=provenance,
        verifying=verifying,
    )


@transaction.atomic
def qualification_remove(*, actor, qualification: Qualification) -> None:
    """Remove a qualification: an official's act."""
    enterprise = qualification.enterprise
    require_edit(actor, enterprise)
    declarations.require_verifier(actor, enterprise)
    old = snapshot(qualification, QUALIFICATION_FIELDS)
    label, pk = str(qualification), qualification.pk
    qualification.delete()
    record(
        action="enterprises.qualification.remove",
        actor=actor,
        obj=enterprise,
        summary=_("Removed the qualification %(qualification)s") % {"qualification": label},
        data={"qualification_id": pk, "changes": diff(old, blank(QUALIFICATION_FIELDS))},
    )


def _apply_qualification(
    qualification: Qualification,
    data: Mapping[str, Any],
    *,
    declaring: bool = False,
    attachment=None,
    exclude: list[str] | None = None,
    validate_constraints: bool = True,
) -> None:
    """Set and check the fields. A declaration needs the certificate number, the validity
    period (both ends) and the certificate's scan."""
    reject_unknown(data, QUALIFICATION_FIELDS)
    errors: dict[str, list] = {}
    for name, value in data.items():
        if name in ("valid_from", "valid_to"):
            setattr(qualification, name, as_date(value, name, errors))
        else:
            setattr(qualification, name, as_text(value))
    start, end = qualification.valid_from, qualification.valid_to
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        errors.setdefault("valid_to", []).append(_("'Valid to' cannot be before 'valid from'."))
    if declaring:
        _require_declaration_evidence(qualification, attachment, errors)
    raise_if_any(errors)
    full_clean_or_raise(
        qualification, {}, exclude=exclude, validate_constraints=validate_constraints
    )


def _require_declaration_evidence(qualification: Qualification, attachment, errors: dict) -> None:
    if len(qualification.certificate_no or "") < 4:
        errors.setdefault("certificate_no", []).append(
            _("Enter the certificate number as printed on the certificate.")
        )
    if qualification.valid_to is None:
        errors.setdefault("valid_to", []).append(
            _("Enter the date the certificate expires: a declaration needs its validity period.")
        )
    if attachment is None and not qualification.pk:
        errors.setdefault("attachment", []).append(
            _("Upload a scan of the certificate (PDF, PNG or JPEG).")
        )
