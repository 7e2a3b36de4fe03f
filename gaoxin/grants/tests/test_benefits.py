"""The enterprise's page "Notices and payouts (免申即享)": its own enterprise's places on public
notices, with the amount in 万元 (exact), the dates and the outcome; nothing internal, nobody
else's."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.core.money import to_wan
from gaoxin.grants import services
from gaoxin.grants.models import Publication
from gaoxin.grants.selectors import BenefitState, benefit_list
from gaoxin.grants.templatetags.grants_tags import wan_amount

from .conftest import make_policy
from .helpers import REFERENCE, D, round_at

pytestmark = pytest.mark.django_db
PAGE = reverse("grants:benefits_mine")


@pytest.mark.parametrize(
    "yuan,wan",
    [
        ("362500.00", "36.25"),
        ("345678.92", "34.57"),
        ("80000.00", "8.00"),
        ("5000000.00", "500.00"),
        ("49.99", "0.00"),
        ("50.00", "0.01"),  # half up
        ("12345678901234.56", "1234567890.12"),  # the largest amounts stay exact
    ],
)
def test_to_wan_is_exact_and_rounds_half_up_to_the_hundredth(yuan, wan):
    assert to_wan(Decimal(yuan)) == Decimal(wan)
    assert str(to_wan(Decimal(yuan))) == wan


def test_the_filter_groups_thousands_and_shows_unknown_as_a_dash():
    assert wan_amount(Decimal("50000000.00")) == "5,000.00"
    assert wan_amount(None) == "—"


@pytest.fixture
def member(world):
    return world.a.users[Role.ENTERPRISE_USER]


@pytest.fixture
def member_of_second(zone_a):
    """A user of 乙科技 (zone A, another enterprise than world A's)."""
    return UserFactory(
        username="yi_user", role=Role.ENTERPRISE_USER, organisation=zone_a.second.organisation
    )


def page_for(client, user) -> str:
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def rows(user) -> dict:
    return {(c.round.policy.title, c.round.number): c.state for c in benefit_list(user=user)}


def test_nothing_yet_is_said_so(client, member, policy, official):
    round_at("candidates", policy=policy, official=official)  # internal: not shown
    page = page_for(client, member)
    assert 'data-testid="no-benefits"' in page and 'data-testid="benefit-row"' not in page
    assert rows(member) == {}


def test_a_round_on_notice_shows_the_amount_in_wan_and_the_dates(client, member, policy, official):
    grant_round = round_at("notice", policy=policy, official=official)
    page = page_for(client, member)
    assert page.count('data-testid="benefit-row"') == 1
    assert 'data-state="notice"' in page
    assert "Amount (10k yuan)" in page
    assert '<td class="text-end font-monospace" data-testid="benefit-amount">34.57</td>' in page
    assert "345,678.92" not in page and "80,000.00" not in page  # nobody else's amount
    assert "2025-10-09 – 2025-10-14" in page
    assert '<td class="text-nowrap" data-testid="benefit-deadline">2025-10-14</td>' in page
    assert reverse("grants:notice_detail", args=[grant_round.publication.pk]) in page
    assert policy.title in page and "Notice ended" in page  # 2025's notice, seen today


def test_the_status_follows_where_the_notice_stands_today(client, member, policy, official):
    grant_round = round_at("notice", policy=policy, official=official)
    today = timezone.localdate()
    publication = Publication.objects.filter(pk=grant_round.publication.pk)
    publication.update(
        starts_on=today + datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=5)
    )
    page = page_for(client, member)
    starts = today + datetime.timedelta(days=1)
    assert f"Notice starts on {starts:%Y-%m-%d}" in page and "Open for objections" not in page
    publication.update(starts_on=today, ends_on=today + datetime.timedelta(days=4))
    assert "Open for objections" in page_for(client, member)


def test_the_outcomes_removed_confirmed_and_paid(
    client, member, member_of_second, policy, official, zone_a, world
):
    grant_round = round_at("notice", policy=policy, official=official)
    second = grant_round.candidates.get(enterprise=zone_a.second)
    objection = services.objection_record(
        actor=official, candidate=second, raised_by="张三", channel="phone", text="虚报",
        raised_on=D(2025, 10, 9), today=D(2025, 10, 9),
    )  # fmt: skip
    services.objection_resolve(
        actor=official, objection=objection, upheld=True, reason="研发费用归集不实"
    )
    services.round_confirm(
        actor=official, grant_round=grant_round, reason="公示期满", today=D(2025, 10, 15)
    )

    # 乙 was removed, with the reason; world A's enterprise is confirmed, not yet paid
    page = page_for(client, member_of_second)
    assert 'data-state="removed"' in page and "研发费用归集不实" in page
    assert '<td class="text-end font-monospace" data-testid="benefit-amount">8.00</td>' in page
    assert rows(member_of_second) == {(policy.title, 1): BenefitState.REMOVED}
    page = page_for(client, member)
    assert 'data-state="confirmed"' in page and "研发费用归集不实" not in page
    assert rows(member) == {(policy.title, 1): BenefitState.CONFIRMED}

    # paid: the date is shown
    paid = round_at("paid", policy=make_policy(world.a.zone, title="第二个政策"), official=official)
    page = page_for(client, member)
    assert page.count('data-testid="benefit-row"') == 2
    assert f"Paid on {paid.paid_on:%Y-%m-%d}" in page
    assert REFERENCE not in page  # the voucher is in the inbox message, not needed here
    assert rows(member) == {
        (policy.title, 1): BenefitState.CONFIRMED,
        ("第二个政策", 1): BenefitState.PAID,
    }
    # newest notice first (same publication day: the later round first)
    assert page.index("第二个政策") < page.index(policy.title)


def test_an_enterprise_excluded_before_the_notice_is_not_shown(
    client, member, policy, official, world
):
    grant_round = round_at("candidates", policy=policy, official=official)
    mine = grant_round.candidates.get(enterprise=world.a.enterprise)
    services.candidate_exclude(actor=official, candidate=mine, reason="内部核查")
    services.notice_publish(
        actor=official, grant_round=grant_round, contact="x", published_on=D(2025, 9, 30)
    )
    page = page_for(client, member)
    assert 'data-testid="no-benefits"' in page and "内部核查" not in page


def test_other_enterprises_and_other_roles_see_nothing(client, world, policy, official):
    round_at("paid", policy=policy, official=official)
    assert 'data-testid="no-benefits"' in page_for(client, world.b.users[Role.ENTERPRISE_USER])
    for role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.AUDITOR, Role.SYSTEM_ADMIN):
        user = world.a.users[role]
        assert not benefit_list(user=user).exists()
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
    client.logout()
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_inactive_enterprise_user_sees_nothing(world, policy, official):
    round_at("notice", policy=policy, official=official)
    member = world.a.users[Role.ENTERPRISE_USER]
    assert benefit_list(user=member).count() == 1
    member.is_active = False
    assert not benefit_list(user=member).exists()


def test_the_menu_shows_the_page_to_enterprise_users_only(client, world):
    for role in Role.values:
        client.force_login(world.a.users[role])
        response = client.get(reverse("notifications:inbox"))
        urls = {item["url"] for item in response.context["nav_items"]}
        assert (PAGE in urls) == (role == Role.ENTERPRISE_USER), role
