"""免申即享 rounds commit and pay through the fund ledger (``gaoxin.funds``), like every other
policy's money.

- confirming a round commits each confirmed candidate's amount in the policy's fund of the
  confirmation year: no fund, or not enough left in it (or over its per-enterprise cap), and
  the confirmation is refused whole, with the ledger's message;
- recording the round's payment disburses each commitment in full under the round's payment
  reference, with one idempotency key per candidate (``grants:<round>:<candidate>``), so a
  repeated payment pays nobody twice.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from gaoxin.core.errors import InvalidTransitionError
from gaoxin.funds.models import Commitment
from gaoxin.funds.selectors import fund_for
from gaoxin.funds.services import commitment_create, disbursement_create

from .models import CandidateStatus, GrantCandidate, GrantRound


def _confirmed(grant_round: GrantRound):
    return (
        grant_round.candidates.filter(status=CandidateStatus.CONFIRMED, amount__gt=0)
        .select_related("enterprise")
        .order_by("pk")
    )


def commit_round(actor, grant_round: GrantRound, day: datetime.date) -> int:
    """Commit the confirmed amounts of ``grant_round`` in its policy's fund of ``day``'s year;
    returns how many commitments were made."""
    fund = fund_for(grant_round.policy, day.year)
    if fund is None:
        raise InvalidTransitionError(
            _(
                "%(policy)s has no fund for %(year)s: create it on the funds page first — the "
                "confirmed amounts are committed in it."
            )
            % {"policy": grant_round.policy.title, "year": day.year}
        )
    count = 0
    for candidate in _confirmed(grant_round):
        commitment_create(
            actor=actor,
            fund=fund,
            enterprise=candidate.enterprise,
            amount=candidate.amount,
            source=candidate,
            reason=_("Round %(number)s of %(title)s confirmed")
            % {"number": grant_round.number, "title": grant_round.policy.title},
        )
        count += 1
    return count


def pay_round(actor, grant_round: GrantRound, reference: str) -> int:
    """Disburse what is unpaid of each commitment of the round; returns how many were paid."""
    kind = ContentType.objects.get_for_model(GrantCandidate)
    candidates = {c.pk: c for c in _confirmed(grant_round)}
    commitments = Commitment.objects.filter(content_type=kind, object_id__in=candidates).order_by(
        "pk"
    )
    count = 0
    for commitment in commitments:
        unpaid = commitment.amount - commitment.disbursed
        if unpaid <= 0:
            continue
        disbursement_create(
            actor=actor,
            commitment=commitment,
            amount=unpaid,
            reference=reference,
            idempotency_key=f"grants:{grant_round.pk}:{commitment.object_id}",
        )
        count += 1
    return count
