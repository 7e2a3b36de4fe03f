"""The demo round: the sample R&D policy's round 1, in notice, amounts from the formula."""

from decimal import Decimal

import pytest
from django.utils import timezone

from gaoxin.accounts.tests.factories import ZoneFactory
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.grants.demo import POLICY_TITLE, load_grants_demo
from gaoxin.grants.models import GrantRound, RoundStatus
from gaoxin.grants.workdays import last_known_year
from gaoxin.policies.demo import ZONE_NAME, load_policies_demo

from .conftest import figures
from .helpers import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_zone(monkeypatch):
    zone = ZoneFactory(name=ZONE_NAME)
    load_policies_demo()
    fits = EnterpriseFactory(name="研发型企业有限公司", zone=zone)
    figures(fits, revenue="20000000", rnd="1234567")  # 6.17 %, ≥ 500 000
    short = EnterpriseFactory(name="研发不足企业有限公司", zone=zone)
    figures(short, revenue="20000000", rnd="400000")
    return zone


def pin(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def test_the_demo_round_is_in_notice_with_formula_amounts(demo_zone, monkeypatch):
    pin(monkeypatch, D(2025, 9, 30))
    report = load_grants_demo()
    assert report.created and report.published and report.candidates == 1
    grant_round = GrantRound.objects.get()
    assert grant_round.policy.title == POLICY_TITLE and grant_round.is_sample
    assert grant_round.status == RoundStatus.NOTICE
    assert grant_round.publication.ends_on == D(2025, 10, 14)
    candidate = grant_round.candidates.get()
    assert candidate.enterprise.name == "研发型企业有限公司"
    assert candidate.amount == Decimal("123456.70")  # 10 % of 1 234 567
    again = load_grants_demo()
    assert not again.created and GrantRound.objects.count() == 1


def test_the_demo_round_waits_when_the_calendar_ends(demo_zone, monkeypatch):
    pin(monkeypatch, D(last_known_year(), 12, 30))
    report = load_grants_demo()
    assert report.created and not report.published and str(last_known_year() + 1) in report.note
    assert GrantRound.objects.get().status == RoundStatus.CANDIDATES
