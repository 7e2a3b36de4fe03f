"""The fund demo: a fund per demo policy, commitments partly paid, fully paid and released."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from gaoxin.accounts.tests.factories import ZoneFactory
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.funds.demo import COMMITMENTS, HENGTIAN, SAIWEI, load_funds_demo
from gaoxin.funds.models import Commitment, Fund, LedgerEntry
from gaoxin.policies.demo import ZONE_NAME, load_policies_demo
from gaoxin.policies.models import Policy

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def demo_zone():
    zone = ZoneFactory(name=ZONE_NAME)
    load_policies_demo()
    for name in (HENGTIAN, SAIWEI, *(f"示例{n:02d}科技有限公司" for n in range(15))):
        EnterpriseFactory(name=name, zone=zone)
    return zone


def test_one_fund_per_demo_policy_with_sample_entries(demo_zone):
    report = load_funds_demo()
    policies = Policy.objects.filter(zone=demo_zone).count()
    assert report.funds == policies == Fund.objects.count()
    assert report.commitments == len(COMMITMENTS) == 18
    year = timezone.localdate().year
    assert set(Fund.objects.values_list("year", flat=True)) == {year}
    assert all(f.is_sample and f.budget >= D("1000000") for f in Fund.objects.all())
    commitments = list(Commitment.objects.select_related("enterprise"))
    partly = [c for c in commitments if 0 < c.disbursed < c.amount]
    full = [c for c in commitments if c.disbursed == c.amount > 0]
    released = LedgerEntry.objects.filter(kind="release")
    assert partly and full and released.count() == 1
    assert released.get().commitment.amount == 0
    for fund in Fund.objects.all():  # the totals agree with the entries
        committed = sum(c.amount for c in fund.commitments.all())
        paid = sum(c.disbursed for c in fund.commitments.all())
        assert (fund.committed, fund.paid) == (committed, paid)


def test_loading_again_changes_nothing(demo_zone):
    load_funds_demo()
    entries = LedgerEntry.objects.count()
    again = load_funds_demo()
    assert (again.funds, again.commitments) == (0, 0)
    assert LedgerEntry.objects.count() == entries


def test_nothing_without_the_zone():
    assert load_funds_demo().funds == 0
