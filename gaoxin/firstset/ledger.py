"""The cap ledger (保费补助额度台账): what subsidy decisions allocated against a qualification's
premium-subsidy cap. ``Qualification.used`` changes only here, by one conditional UPDATE
(``used + amount <= cap``) that must change exactly one row; the CheckConstraint
``firstset_qualification_used_within_cap`` is the database's second guard. Two decisions racing
for the last of a cap cannot both pass: the loser is refused with the amounts as they are.
Every movement is a ``CapEntry`` (append-only) and an audit event, in the caller's transaction.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError
from gaoxin.core.fields import yuan_value
from gaoxin.core.money import format_yuan

from .choices import CapEntryKind
from .models import CapEntry, Qualification


def _over_cap(qualification_id: int, amount: Decimal) -> DomainError:
    q = Qualification.objects.get(pk=qualification_id)
    return DomainError(
        _(
            "Amount: %(amount)s is more than what is left of the cap of %(number)s "
            "(cap %(cap)s, allocated %(used)s, left %(left)s)."
        )
        % {
            "amount": format_yuan(amount),
            "number": q.number,
            "cap": format_yuan(q.cap),
            "used": format_yuan(q.used),
            "left": format_yuan(q.remaining),
        },
        code="over_cap",
        field="amount",
    )


def _positive(amount) -> Decimal:
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount <= 0:
        raise DomainError(_("Amount: must be more than zero."), field="amount")
    return amount


def _move(queryset, error, delta) -> None:
    try:
        with transaction.atomic():
            rows = queryset.update(used=F("used") + delta)
    except IntegrityError as exc:
        raise error() from exc
    if rows != 1:
        raise error()


@transaction.atomic
def allocate(
    *, actor, qualification: Qualification, amount, claim=None, note: str = ""
) -> CapEntry:
    """Allocate ``amount`` against the cap (never over it); refused with the amounts otherwise."""
    amount = _positive(amount)
    room = Q(cap__isnull=False) & Q(used__lte=F("cap") - yuan_value(amount))
    _move(
        Qualification.objects.filter(room, pk=qualification.pk, status="qualified"),
        lambda: _over_cap(qualification.pk, amount),
        yuan_value(amount),
    )
    return _entry(actor, qualification, CapEntryKind.ALLOCATE, amount, claim, note)


@transaction.atomic
def give_back(*, actor, qualification: Qualification, amount, kind: str, claim=None,
              note: str = "") -> CapEntry:  # fmt: skip
    """A release (an allocation not needed) or a claw-back (money recovered): ``used`` goes
    down by ``amount``, never below zero."""
    amount = _positive(amount)
    if kind not in (CapEntryKind.RELEASE, CapEntryKind.CLAWBACK):
        raise ValueError(kind)

    def error():
        q = Qualification.objects.get(pk=qualification.pk)
        return DomainError(
            _("Amount: %(amount)s is more than the %(used)s allocated on %(number)s.")
            % {"amount": format_yuan(amount), "used": format_yuan(q.used), "number": q.number},
            code="over_allocated",
            field="amount",
        )

    _move(
        Qualification.objects.filter(pk=qualification.pk, used__gte=yuan_value(amount)),
        error,
        -yuan_value(amount),
    )
    return _entry(actor, qualification, kind, amount, claim, note)


def _entry(actor, qualification, kind, amount, claim, note) -> CapEntry:
    entry = CapEntry.objects.create(
        qualification=qualification, claim=claim, kind=kind, amount=amount, note=note[:500],
        actor=actor,
    )  # fmt: skip
    qualification.refresh_from_db(fields=["used"])
    record(
        action=f"firstset.cap.{kind}",
        actor=actor,
        obj=qualification,
        summary=_("%(kind)s of %(amount)s on the cap of %(number)s (allocated now %(used)s)")
        % {
            "kind": entry.get_kind_display(),
            "amount": format_yuan(amount),
            "number": qualification.number,
            "used": format_yuan(qualification.used),
        },
        reason=note,
        data={"entry": entry.pk, "amount": str(amount), "claim": claim.pk if claim else None},
    )
    return entry
