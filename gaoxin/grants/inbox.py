"""What the enterprise is told in its inbox about the 免申即享 rounds it is in.

Three moments, each a message to every active user of the enterprise's organisation
(``gaoxin.notifications.services.enterprises_notify``), linking to their "Notices and payouts
(免申即享)" page:

- ``grant_notice``: the enterprise is on a public notice (policy, round, amount, notice
  period and the last day for objections);
- ``grant_removed``: an upheld objection removed it (with the reason);
- ``grant_paid``: the round was paid (amount, payment date and reference).

The step's service calls these inside its transaction; the texts are composed there, in the
site's language (``settings.LANGUAGE_CODE``, whoever pressed the button), and the
notifications are created by a task enqueued on commit: a step that rolls back tells nobody.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gaoxin.notifications.choices import NotificationKind

from .models import CandidateStatus, GrantCandidate, GrantRound, Publication


def _yuan(amount: Decimal | None) -> str:
    """An exact amount as written in a message: grouped, two places (362,500.00)."""
    return "—" if amount is None else f"{amount:,.2f}"


def _day(value) -> str:
    return date_format(value, "Y-m-d")


def _send(kind: str, messages: Iterable[tuple[int, str, str]]) -> None:
    """Create the notifications once the step's transaction has committed."""
    from gaoxin.notifications.tasks import notify_enterprises

    rows = [[pk, title, body] for pk, title, body in messages]
    if not rows:
        return
    link = reverse("grants:benefits_mine")
    transaction.on_commit(lambda: notify_enterprises.enqueue(kind, link, rows))


def tell_on_notice(grant_round: GrantRound, publication: Publication) -> None:
    """Every enterprise put on the notice of ``grant_round``."""
    listed = grant_round.candidates.filter(on_notice=True, status=CandidateStatus.CANDIDATE)
    title_of = grant_round.policy.title
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            (
                enterprise_id,
                _("%(policy)s: your enterprise is on the public notice") % {"policy": title_of},
                _(
                    "Round %(number)s, amount %(amount)s yuan. The notice runs from %(start)s "
                    "to %(end)s; objections are taken until %(end)s."
                )
                % {
                    "number": grant_round.number,
                    "amount": _yuan(amount),
                    "start": _day(publication.starts_on),
                    "end": _day(publication.ends_on),
                },
            )
            for enterprise_id, amount in listed.values_list("enterprise_id", "amount")
        ]
    _send(NotificationKind.GRANT_NOTICE, messages)


def tell_removed(grant_round: GrantRound, candidate: GrantCandidate, reason: str) -> None:
    """The enterprise of ``candidate``, removed from ``grant_round`` by an upheld objection."""
    with translation.override(settings.LANGUAGE_CODE):
        message = (
            candidate.enterprise_id,
            _("%(policy)s: your enterprise was removed from the public notice")
            % {"policy": grant_round.policy.title},
            _("Round %(number)s: an objection was upheld. Reason: %(reason)s")
            % {"number": grant_round.number, "reason": reason},
        )
    _send(NotificationKind.GRANT_REMOVED, [message])


def tell_paid(grant_round: GrantRound) -> None:
    """Every enterprise confirmed in ``grant_round``, now paid."""
    confirmed = grant_round.candidates.filter(status=CandidateStatus.CONFIRMED)
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            (
                enterprise_id,
                _("%(policy)s: %(amount)s yuan paid")
                % {"policy": grant_round.policy.title, "amount": _yuan(amount)},
                _("Round %(number)s was paid on %(day)s (payment reference %(reference)s).")
                % {
                    "number": grant_round.number,
                    "day": _day(grant_round.paid_on),
                    "reference": grant_round.payment_reference,
                },
            )
            for enterprise_id, amount in confirmed.values_list("enterprise_id", "amount")
        ]
    _send(NotificationKind.GRANT_PAID, messages)
