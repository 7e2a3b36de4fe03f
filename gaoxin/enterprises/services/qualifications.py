"""An enterprise's qualifications (高新技术企业, 专精特新 …)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.audit.services import record

from ..choices import RecordSubject
from ..models import Enterprise, FactRecord, Qualification
from . import declarations
from ._common import (
    as_date,
    as_text,
    blank,
    diff,
    facts_changed,
    full_clean_or_raise,
    raise_if_any,
    reject_unknown,
    require_edit,
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
    record(
        action="enterprises.qualification.add",
        actor=actor,
        obj=enterprise,
        summary=_("Added the qualification %(qualification)s") % {"qualification": qualification},
        data={
            "qualification_id": qualification.pk,
            "record_id": written.pk,
            "changes": diff(blank(QUALIFICATION_FIELDS), after),
        },
    )
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
    record(
        action="enterprises.qualification.update",
        actor=actor,
        obj=enterprise,
        summary=_("Changed the qualification %(qualification)s") % {"qualification": qualification},
        data={
            "qualification_id": qualification.pk,
            "record_id": written.pk,
            "changes": changes,
        },
    )
    facts_changed(enterprise)
    return qualification


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
    full_clean_or_raise(qualification, {})


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
