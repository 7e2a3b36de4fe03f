"""The official's decisions on declarations (核验): verify one, reject one, verify several at
once. A verified declaration is written to the registry through the same writers as an
official's own entry (enterprises, facts, qualifications), which themselves record provenance
through :mod:`.declarations`; so this module sits above both and nothing imports it back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError

from .. import scoping
from ..choices import RecordStatus, RecordSubject
from ..models import FactRecord
from ..workflows import DECLARATION_WORKFLOW
from .declarations import describe, entry_written
from .enterprises import enterprise_update
from .facts import yearly_fact_upsert
from .qualifications import qualification_add, qualification_update


def _locked_pending(actor, record: FactRecord) -> FactRecord:
    record = (
        FactRecord.objects.select_for_update(of=("self",))
        .select_related("enterprise", "qualification")
        .get(pk=record.pk)
    )
    if not scoping.can_verify(actor, record.enterprise):
        raise PermissionDeniedError(_("Only officials of the enterprise's zone verify its data."))
    if record.status != RecordStatus.PENDING:
        raise InvalidTransitionError(
            _("This declaration is no longer awaiting verification (%(status)s).")
            % {"status": record.get_status_display()}
        )
    return record


@transaction.atomic
def declaration_verify(*, actor, record: FactRecord, reason: str = "") -> FactRecord:
    """Verify a declaration: its values are written to the registry (through the same service
    as an official's own entry, so the same checks apply) and become the values in force."""
    record = _locked_pending(actor, record)
    record.reason = reason.strip()
    _apply(actor, record)
    record.refresh_from_db()
    _tell_enterprise(record)
    return record


@transaction.atomic
def declaration_reject(*, actor, record: FactRecord, reason: str) -> FactRecord:
    """Reject a declaration with the reason the enterprise will read; nothing else changes."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give the reason for the rejection: the enterprise reads it."), field="reason"
        )
    record = _locked_pending(actor, record)
    record.reason = reason
    record.full_clean()
    DECLARATION_WORKFLOW.apply(
        record,
        "reject",
        actor=actor,
        summary=_("Rejected %(subject)s") % {"subject": describe(record)},
        reason=reason,
        data={"record_id": record.pk, "slot": record.slot, "values": record.values},
        fields={"reason": reason, "decided_by": actor, "decided_at": timezone.now()},
        audit_obj=record.enterprise,
    )
    _tell_enterprise(record)
    return record


@transaction.atomic
def declarations_verify(*, actor, records: Iterable[FactRecord], reason: str = "") -> int:
    """Verify several declarations at once: all of them or, when one cannot be, none (the error
    names the enterprise)."""
    count = 0
    for record in records:
        try:
            declaration_verify(actor=actor, record=record, reason=reason)
        except DomainError as exc:
            raise DomainError(
                _("%(enterprise)s: %(message)s")
                % {"enterprise": record.enterprise, "message": exc.message},
                code=exc.code,
            ) from exc
        count += 1
    return count


def _apply(actor, record: FactRecord) -> None:
    """Write a declaration's values through the registry's own services."""
    try:
        _write_through(actor, record, dict(record.values))
    except ValidationError as exc:
        messages = "; ".join(str(m) for m in exc.messages)
        raise DomainError(
            _("The declared values cannot be taken as they are: %(problems)s")
            % {"problems": messages}
        ) from exc
    record.refresh_from_db(fields=["status"])
    if record.status == RecordStatus.PENDING:
        # Nothing differed from the values in force: the declaration is verified as it stands.
        entry_written(
            actor=actor,
            enterprise=record.enterprise,
            subject=record.subject,
            slot=record.slot,
            values={},
            previous={},
            verifying=record,
        )


def _write_through(actor, record: FactRecord, values: dict[str, Any]) -> None:
    """The service an official's own entry of the record's subject goes through."""
    if record.subject == RecordSubject.YEARLY:
        yearly_fact_upsert(
            actor=actor,
            enterprise=record.enterprise,
            year=record.year,
            data=values,
            verifying=record,
        )
    elif record.subject == RecordSubject.QUALIFICATION and record.qualification:
        qualification_update(
            actor=actor, qualification=record.qualification, data=values, verifying=record
        )
    elif record.subject == RecordSubject.QUALIFICATION:
        qualification_add(actor=actor, enterprise=record.enterprise, data=values, verifying=record)
    else:
        enterprise_update(
            actor=actor,
            enterprise=record.enterprise,
            data=values,
            reason=record.reason,
            verifying=record,
        )


def _tell_enterprise(record: FactRecord) -> None:
    """An inbox message to the enterprise's users: verified, or rejected with the reason."""
    from gaoxin.notifications.choices import NotificationKind
    from gaoxin.notifications.models import Notification

    organisation_id = record.enterprise.organisation_id
    if organisation_id is None:
        return
    from gaoxin.accounts.models import User

    users = User.objects.filter(organisation_id=organisation_id, is_active=True)
    subject = describe(record)
    if record.status == RecordStatus.VERIFIED:
        kind = NotificationKind.DECLARATION_VERIFIED
        title = _("Your declaration of %(subject)s has been verified") % {"subject": subject}
        body = _("It is now the value in force for policies and pay lists.")
    else:
        kind = NotificationKind.DECLARATION_REJECTED
        title = _("Your declaration of %(subject)s was not accepted") % {"subject": subject}
        body = _("Reason: %(reason)s") % {"reason": record.reason}
    link = f"/enterprises/{record.enterprise_id}/#provenance"
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, title=title[:200], body=body, link=link)
        for user in users
    )
