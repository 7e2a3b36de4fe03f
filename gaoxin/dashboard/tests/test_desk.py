"""The desk: each role's landing page shows the panels of its role (the enterprise's
applications, the reviewer's queue with what is overdue, the official's funds, the expert's
score sheets), and no other role's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.applications.tests.factories import (
    add_stages,
    make_policy,
    submitted,
    verified_figures,
)
from gaoxin.funds.tests.factories import make_fund

pytestmark = pytest.mark.django_db


def page(client, user, url):
    client.force_login(user)
    return client.get(url, follow=True).content.decode()


def test_the_reviewer_sees_the_queue_with_what_is_overdue(client, world):
    policy = make_policy(world.a.zone)
    add_stages(policy, world.a)
    verified_figures(world.a.enterprise)
    member = world.a.users[Role.ENTERPRISE_USER]
    application = submitted(member, policy)  # submitted on the factories' past day: overdue
    official = world.a.users[Role.ZONE_OFFICIAL]
    html = page(client, official, reverse("dashboard:home"))
    assert 'data-testid="desk-reviews"' in html and application.number in html
    assert "逾期" in html or "overdue" in html
    # the other zone's official has nothing waiting
    other = page(client, world.b.users[Role.ZONE_OFFICIAL], reverse("dashboard:home"))
    assert application.number not in other


def test_the_enterprise_sees_its_applications_on_its_page(client, world):
    policy = make_policy(world.a.zone)
    add_stages(policy, world.a)
    verified_figures(world.a.enterprise)
    member = world.a.users[Role.ENTERPRISE_USER]
    submitted(member, policy)
    html = page(client, member, reverse("enterprises:mine"))
    assert 'data-testid="desk-applications"' in html
    assert 'data-testid="desk-reviews"' not in html and 'data-testid="desk-funds"' not in html


def test_the_official_sees_this_years_funds(client, world):
    make_fund(world.a.zone, year=timezone.localdate().year, budget="3000000")
    html = page(client, world.a.users[Role.ZONE_OFFICIAL], reverse("dashboard:home"))
    assert 'data-testid="desk-funds"' in html and "300" in html
    operator = page(client, world.a.users[Role.PARK_OPERATOR], reverse("dashboard:home"))
    assert 'data-testid="desk-funds"' not in operator


def test_the_advisor_sees_the_score_sheets_panel(client, world):
    advisor = world.a.users.get(Role.ADVISOR)
    if advisor is None:
        pytest.skip("the test world has no advisor")
    html = page(client, advisor, reverse("dashboard:advisor_home"))
    assert 'data-testid="desk-scores"' in html
