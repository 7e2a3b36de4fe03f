"""Fixtures of the reporting tests: world A's zone with three member enterprises (each with a
user) and a partner outside the zone (with a user too), and a campaign helper."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.enterprises.choices import Membership
from gaoxin.enterprises.tests.factories import EnterpriseFactory

from .. import services

# A Monday of a year whose holiday arrangement the calendar knows: 20 working days later is
# 2026-03-30 (no holiday in March).
OPENED_ON = datetime.date(2026, 3, 2)
DEADLINE = datetime.date(2026, 3, 30)
REQUIRED = ["revenue", "rnd_expense", "employees"]
FULL = {"revenue": "1000000.00", "rnd_expense": "50000.00", "employees": 30}


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the inbox messages) of ``call``."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


@pytest.fixture
def zone(world):
    """World A's zone: its own enterprise plus 乙 and 丙 (members, each with a user) and 丁, a
    partner outside the zone with a user. ``members`` are the three members."""
    a = world.a
    yi = EnterpriseFactory(name="乙科技有限公司", zone=a.zone, park=a.park)
    bing = EnterpriseFactory(name="丙医疗有限公司", zone=a.zone, park=None)
    partner = EnterpriseFactory(
        name="丁化纤股份有限公司",
        zone=a.zone,
        region_code="410700",
        membership=Membership.PARTNER,
    )
    users = {
        "a": a.users[Role.ENTERPRISE_USER],
        "yi": UserFactory(
            username="yi_user", role=Role.ENTERPRISE_USER, organisation=yi.organisation
        ),
        "bing": UserFactory(
            username="bing_user", role=Role.ENTERPRISE_USER, organisation=bing.organisation
        ),
        "partner": UserFactory(
            username="partner_user", role=Role.ENTERPRISE_USER, organisation=partner.organisation
        ),
    }
    return SimpleNamespace(
        world=world,
        official=a.users[Role.ZONE_OFFICIAL],
        a=a.enterprise,
        yi=yi,
        bing=bing,
        partner=partner,
        members=[a.enterprise, yi, bing],
        users=users,
    )


def open_campaign(official, *, year=2025, required=None, working_days=20, opened_on=OPENED_ON):
    return services.campaign_open(
        actor=official,
        year=year,
        required=list(REQUIRED if required is None else required),
        working_days=working_days,
        opened_on=opened_on,
    )


@pytest.fixture
def campaign(zone):
    return open_campaign(zone.official)
