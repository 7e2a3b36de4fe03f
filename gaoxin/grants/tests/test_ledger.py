"""免申即享 rounds commit and pay through the fund ledger: confirming commits each confirmed
amount in the policy's fund of the year, refused whole without a fund or beyond its budget;
paying disburses each commitment once."""

import datetime
from decimal import Decimal

import pytest

from gaoxin.core.errors import InvalidTransitionError
from gaoxin.funds.models import Commitment, LedgerEntry
from gaoxin.funds.services import LedgerError
from gaoxin.grants import payment, services
from gaoxin.grants.models import RoundStatus

from .conftest import AS_OF, make_policy
from .helpers import AFTER, PUBLISHED, REFERENCE, round_at

pytestmark = pytest.mark.django_db
TOTAL = Decimal("5425678.92")


def _noticed(policy, official):
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    services.notice_publish(
        actor=official, grant_round=grant_round, contact="经发部", published_on=PUBLISHED
    )
    grant_round.refresh_from_db()
    return grant_round


def test_confirming_commits_each_amount_in_the_years_fund(policy, official):
    grant_round = round_at("confirmed", policy=policy, official=official)
    fund = policy.funds.get(year=AFTER.year)
    fund.refresh_from_db()
    assert fund.committed == TOTAL and fund.paid == 0
    amounts = sorted(Commitment.objects.filter(fund=fund).values_list("amount", flat=True))
    assert amounts == [Decimal("80000.00"), Decimal("345678.92"), Decimal("5000000.00")]
    assert grant_round.status == RoundStatus.CONFIRMED


def test_without_a_fund_the_confirmation_is_refused_whole(world, zone_a, official):
    policy = make_policy(world.a.zone)
    grant_round = _noticed(policy, official)
    with pytest.raises(InvalidTransitionError, match=str(AFTER.year)):
        services.round_confirm(actor=official, grant_round=grant_round, reason="x", today=AFTER)
    grant_round.refresh_from_db()
    assert grant_round.status == RoundStatus.NOTICE
    assert not grant_round.candidates.filter(status="confirmed").exists()


def test_beyond_the_budget_the_confirmation_is_refused_whole(world, zone_a, official):
    from gaoxin.funds.services import fund_create

    policy = make_policy(world.a.zone)
    fund = fund_create(actor=None, policy=policy, year=AFTER.year, budget=TOTAL - Decimal("0.01"))
    grant_round = _noticed(policy, official)
    with pytest.raises(LedgerError):
        services.round_confirm(actor=official, grant_round=grant_round, reason="x", today=AFTER)
    grant_round.refresh_from_db()
    fund.refresh_from_db()
    assert grant_round.status == RoundStatus.NOTICE and fund.committed == 0
    assert not Commitment.objects.filter(fund=fund).exists()


def test_paying_disburses_every_commitment_in_full_once(policy, official):
    grant_round = round_at("paid", policy=policy, official=official)
    fund = policy.funds.get(year=AFTER.year)
    fund.refresh_from_db()
    assert fund.paid == TOTAL == fund.committed
    entries = LedgerEntry.objects.filter(fund=fund, kind="disbursement")
    assert entries.count() == 3 and {e.reference for e in entries} == {REFERENCE}
    with pytest.raises(InvalidTransitionError):  # recorded once
        payment.round_pay(
            actor=official,
            grant_round=grant_round,
            paid_on=datetime.date.today(),
            reference=REFERENCE,
        )
    assert LedgerEntry.objects.filter(fund=fund, kind="disbursement").count() == 3
