"""The last step of a round: the payment (拨付), recorded once by a zone official.

``round_pay`` is a service like those of ``services.py`` (kept here so that module stays
small): one transaction with its audit event (``grants.round.pay``), then the enterprises paid
are told in their inbox on commit. Each commitment made at the confirmation is disbursed in
the fund's ledger under the payment reference (``ledger.py``). The round keeps its status
``confirmed``; the payment is the date the treasury paid (``paid_on``), its reference
(``payment_reference``, e.g. the treasury voucher number) and who recorded it when
(``paid_by``, ``paid_at``).

Allowed only for a confirmed round whose list has been exported for payment (the payment is
made from that file), once, with a payment date neither in the future nor before the
confirmation.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError

from .inbox import tell_paid
from .ledger import pay_round
from .models import CandidateStatus, GrantRound, RoundStatus
from .services import _day, _locked, _require_manager, _required

REFERENCE_MAX = GrantRound._meta.get_field("payment_reference").max_length


def _check_payable(grant_round: GrantRound) -> None:
    number = grant_round.number
    if grant_round.status != RoundStatus.CONFIRMED:
        raise InvalidTransitionError(
            _("Only a confirmed round is paid; round %(number)s is not confirmed.")
            % {"number": number}
        )
    if grant_round.is_paid:
        raise InvalidTransitionError(
            _(
                "Round %(number)s was already recorded as paid on %(day)s (reference "
                "%(reference)s): a payment is recorded once."
            )
            % {
                "number": number,
                "day": _day(grant_round.paid_on),
                "reference": grant_round.payment_reference,
            }
        )
    if not grant_round.is_exported:
        raise InvalidTransitionError(
            _("Export the confirmed list of round %(number)s first: the payment is made from it.")
            % {"number": number}
        )


def _check_day(grant_round: GrantRound, paid_on: datetime.date | None, today) -> datetime.date:
    if paid_on is None:
        raise DomainError(
            _("%(field)s: this field is required.") % {"field": _("Paid on")}, field="paid_on"
        )
    if paid_on > today:
        raise DomainError(_("Paid on: the date cannot be in the future."), field="paid_on")
    if grant_round.confirmed_at is not None:
        confirmed_on = timezone.localdate(grant_round.confirmed_at)
        if paid_on < confirmed_on:
            raise DomainError(
                _("Paid on: the round was confirmed on %(day)s; it cannot be paid before.")
                % {"day": _day(confirmed_on)},
                field="paid_on",
            )
    return paid_on


def _check_reference(reference: str) -> str:
    """The payment reference, stripped: required, and short enough for its column."""
    reference = _required(reference, "reference", _("Payment reference"))
    if len(reference) > REFERENCE_MAX:
        raise DomainError(
            _("Payment reference: at most %(max)s characters.") % {"max": REFERENCE_MAX},
            field="reference",
        )
    return reference


def _mark_paid(grant_round: GrantRound, actor, paid_on: datetime.date, reference: str) -> int:
    """Store the payment on the round, validated by the model before it is saved, and disburse
    the round's commitments in the fund ledger; returns how many were disbursed."""
    grant_round.paid_on = paid_on
    grant_round.payment_reference = reference
    grant_round.paid_at = timezone.now()
    grant_round.paid_by = actor
    grant_round.full_clean()
    grant_round.save(
        update_fields=["paid_on", "payment_reference", "paid_at", "paid_by", "updated_at"]
    )
    return pay_round(actor, grant_round, reference)


@transaction.atomic
def round_pay(
    *,
    actor,
    grant_round: GrantRound,
    paid_on: datetime.date | None,
    reference: str,
    today: datetime.date | None = None,
) -> GrantRound:
    """Record that the confirmed list of ``grant_round`` was paid on ``paid_on``."""
    grant_round = _locked(grant_round)
    _require_manager(actor, grant_round.policy)
    _check_payable(grant_round)
    reference = _check_reference(reference)
    paid_on = _check_day(grant_round, paid_on, today or timezone.localdate())
    disbursed = _mark_paid(grant_round, actor, paid_on, reference)
    count = grant_round.candidates.filter(status=CandidateStatus.CONFIRMED).count()
    record(
        action="grants.round.pay",
        actor=actor,
        obj=grant_round,
        summary=_(
            "Recorded the payment of round %(number)s of %(title)s: %(total)s yuan to "
            "%(count)s enterprises on %(day)s"
        )
        % {
            "number": grant_round.number,
            "title": grant_round.policy.title,
            "total": grant_round.confirmed_total,
            "count": count,
            "day": _day(paid_on),
        },
        data={
            "paid_on": paid_on,
            "reference": reference,
            "enterprises": count,
            "total": grant_round.confirmed_total,
            "disbursements": disbursed,
        },
    )
    tell_paid(grant_round)
    return grant_round
