"""Provenance and verification of an enterprise's facts (数据来源 · 核验).

Every write of a fact that policies read — the profile fields criteria use, a year's figures, a
qualification — leaves a `FactRecord`:

- an official of the enterprise's zone writes straight to the registry; the record is verified,
  source *staff entry* (or *department data* for a department's list);
- anyone else who may edit the file (the enterprise itself, a park operator) *declares*: the
  record is pending and the registry keeps the value in force until an official verifies it
  (`declaration_verify`), which writes it through the same service as a direct entry, or
  rejects it with a reason (`declaration_reject`). Either way the enterprise is told.

The registry's tables therefore hold only verified values, which is what every decision reads
(candidate lists, notices, payment exports, the nightly re-match); estimates overlay the pending
declarations (`policies.matching.facts.enterprise_facts(..., mode="estimate")`).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.audit.changes import field_changes
from gaoxin.audit.services import record as audit
from gaoxin.core.errors import PermissionDeniedError

from .. import scoping
from ..choices import FactSource, RecordStatus, RecordSubject
from ..models import Attachment, Enterprise, FactRecord, Qualification
from ..workflows import DECLARATION_WORKFLOW

# The profile fields that criteria read or that identify the payee: an enterprise's change to
# one of them is a declaration. (Its address, legal representative and contacts are not facts.)
PROFILE_FACT_FIELDS = (
    "name",
    "region_code",
    "industry_code",
    "industry_name",
    "park",
    "stage",
    "founded_on",
)


def verifies_directly(actor, enterprise: Enterprise) -> bool:
    """Whether the actor's entry is verified as it is written (an official of the zone)."""
    return actor is None or scoping.can_verify(actor, enterprise)


def as_record_value(value: Any) -> Any:
    """A value as a record stores it: text for money and dates, a row as its id."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def as_record_values(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: as_record_value(value) for name, value in values.items()}


def yearly_slot(year: int) -> str:
    return f"yearly:{year}"


def qualification_slot(qualification: Qualification | None, kind: str) -> str:
    """A change of a qualification on file is about that row; a new one about its kind."""
    return f"qualification:{qualification.pk}" if qualification else f"qualification:new:{kind}"


def _verified(
    actor, declaration: FactRecord, qualification: Qualification | None, now: datetime.datetime
) -> FactRecord:
    """Mark ``declaration`` verified by ``actor`` (tied to the qualification written for it),
    through the declaration workflow, which writes the audit event on the enterprise's trail."""
    fields: dict[str, Any] = {
        "decided_by": actor,
        "decided_at": now,
        "reason": declaration.reason,
    }
    if qualification is not None:
        fields["qualification"] = qualification
    DECLARATION_WORKFLOW.apply(
        declaration,
        "verify",
        actor=actor,
        summary=_("Verified %(subject)s") % {"subject": describe(declaration)},
        reason=declaration.reason,
        data={
            "record_id": declaration.pk,
            "slot": declaration.slot,
            "values": declaration.values,
        },
        fields=fields,
        audit_obj=declaration.enterprise,
        changes=field_changes(declaration.previous or {}, declaration.values or {}),
    )
    return declaration


def entry_written(
    *,
    actor,
    enterprise: Enterprise,
    subject: str,
    slot: str,
    values: Mapping[str, Any],
    previous: Mapping[str, Any],
    year: int | None = None,
    qualification: Qualification | None = None,
    provenance: Mapping[str, Any] | None = None,
    verifying: FactRecord | None = None,
) -> FactRecord:
    """The provenance of values just written to the registry by a verifier: the declaration
    being verified (`verifying`), or a new verified record (staff entry or department data,
    `provenance`: source, department, evidence, attachment, import_job)."""
    now = timezone.now()
    if verifying is not None:
        return _verified(actor, verifying, qualification, now)
    entry = FactRecord(
        **new_entry_row(
            actor=actor,
            enterprise_id=enterprise.pk,
            subject=subject,
            slot=slot,
            values=values,
            previous=previous,
            year=year,
            qualification_id=getattr(qualification, "pk", None),
            provenance=provenance,
            when=now,
        )
    )
    entry.enterprise, entry.qualification = enterprise, qualification
    entry.save(force_insert=True)
    return entry


def new_entry_row(
    *,
    actor,
    enterprise_id: int,
    subject: str,
    slot: str,
    values: Mapping[str, Any],
    previous: Mapping[str, Any],
    year: int | None = None,
    qualification_id: int | None = None,
    provenance: Mapping[str, Any] | None = None,
    when,
) -> dict[str, Any]:
    """The verified record of values a verifier writes (staff entry or department data), as a
    row of its columns by attname (``provenance``: source, department, evidence, attachment,
    import job): :func:`entry_written` saves one, a list's bulk writer inserts many together."""
    details = dict(provenance or {})
    details.setdefault("source", FactSource.STAFF)
    return {
        "enterprise_id": enterprise_id,
        "subject": subject,
        "slot": slot,
        "year": year,
        "qualification_id": qualification_id,
        "values": as_record_values(values),
        "previous": as_record_values(previous),
        "status": RecordStatus.VERIFIED,
        "declared_by_id": actor.pk,
        "decided_by_id": actor.pk,
        "decided_at": when,
        **{_column(name): getattr(value, "pk", value) for name, value in details.items()},
    }


@functools.cache
def _column(name: str) -> str:
    """A FactRecord field's column name (``import_job`` -> ``import_job_id``)."""
    return FactRecord._meta.get_field(name).attname


def _withdraw_pending(actor, enterprise: Enterprise, slot: str) -> list[int]:
    """Withdraw the pending declarations of ``slot`` (a new one replaces them); their ids."""
    now = timezone.now()
    pending = list(
        FactRecord.objects.select_for_update()
        .filter(enterprise=enterprise, slot=slot, status=RecordStatus.PENDING)
        .order_by("pk")
    )
    for record in pending:
        DECLARATION_WORKFLOW.apply(
            record,
            "withdraw",
            actor=actor,
            summary=_("Replaced %(subject)s by a newer declaration")
            % {"subject": describe(record)},
            data={"record_id": record.pk, "slot": record.slot},
            fields={"decided_at": now, "decided_by": actor},
            audit_obj=enterprise,
        )
    return [record.pk for record in pending]


def declared(
    *,
    actor,
    enterprise: Enterprise,
    subject: str,
    slot: str,
    values: Mapping[str, Any],
    previous: Mapping[str, Any],
    year: int | None = None,
    qualification: Qualification | None = None,
    evidence: str = "",
    attachment: Attachment | None = None,
) -> FactRecord:
    """A declaration awaiting an official: the registry is not changed. A pending declaration
    of the same subject is withdrawn (replaced)."""
    replaced = _withdraw_pending(actor, enterprise, slot)
    source = FactSource.DECLARATION if actor.role == Role.ENTERPRISE_USER else FactSource.STAFF
    declaration = FactRecord.objects.create(
        enterprise=enterprise,
        subject=subject,
        slot=slot,
        year=year,
        qualification=qualification,
        values=as_record_values(values),
        previous=as_record_values(previous),
        source=source,
        evidence=evidence,
        attachment=attachment,
        status=RecordStatus.PENDING,
        declared_by=actor,
    )
    _audit_declared(actor, enterprise, declaration, replaced, attachment)
    return declaration


def _audit_declared(
    actor, enterprise: Enterprise, declaration: FactRecord, replaced: list[int], attachment
) -> None:
    audit(
        action="enterprises.declaration.submit",
        actor=actor,
        obj=enterprise,
        summary=_("Declared %(subject)s for verification") % {"subject": describe(declaration)},
        data={
            "record_id": declaration.pk,
            "slot": declaration.slot,
            "values": declaration.values,
            "previous": declaration.previous,
            "replaced": replaced,
            "attachment_id": attachment.pk if attachment else None,
        },
    )


def describe(record: FactRecord) -> str:
    """What a record is about, for people: "2025 年度数据", "资质：高新技术企业", "企业信息"."""
    if record.subject == RecordSubject.YEARLY:
        return _("the figures for %(year)s") % {"year": record.year}
    if record.subject == RecordSubject.QUALIFICATION:
        kind = record.values.get("kind") or (
            record.qualification.kind if record.qualification else ""
        )
        from ..choices import QualificationKind

        label = dict(QualificationKind.choices).get(kind, kind)
        return _("the qualification %(kind)s") % {"kind": label}
    return _("the enterprise's file")


def require_verifier(actor, enterprise: Enterprise) -> None:
    if not verifies_directly(actor, enterprise):
        raise PermissionDeniedError(
            _(
                "Only an official of the zone can delete verified data; declare a correction "
                "instead."
            )
        )
