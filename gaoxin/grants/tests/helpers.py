"""Rounds at each step, built through the services."""

import datetime
import io

from django.utils import timezone

from gaoxin.grants import payment, services

from .conftest import AS_OF, make_funds

D = datetime.date
PUBLISHED = D(2025, 9, 30)  # notice 2025-10-09 … 2025-10-14
AFTER = D(2025, 10, 15)
REFERENCE = "国库支付凭证 2025-0001"


def round_at(step: str, *, policy, official):
    """A round of ``policy`` at ``step``: candidates, notice, confirmed, exported or paid
    (paid today: a payment cannot be dated before the confirmation, which is now)."""
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    if step == "candidates":
        return grant_round
    services.notice_publish(
        actor=official,
        grant_round=grant_round,
        contact="经发部 0371-1234",
        published_on=PUBLISHED,
    )
    if step == "notice":
        grant_round.refresh_from_db()
        return grant_round
    make_funds(policy)
    services.round_confirm(actor=official, grant_round=grant_round, reason="无异议", today=AFTER)
    if step in ("exported", "paid"):
        services.round_export(actor=official, grant_round=grant_round, out=io.BytesIO())
    if step == "paid":
        payment.round_pay(
            actor=official,
            grant_round=grant_round,
            paid_on=timezone.localdate(),
            reference=REFERENCE,
        )
    grant_round.refresh_from_db()
    return grant_round
