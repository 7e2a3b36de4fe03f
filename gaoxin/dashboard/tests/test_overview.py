"""The overview counts only what the user may see, and its figures add up."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.dashboard.selectors import overview
from gaoxin.enterprises.tests.factories import EnterpriseFactory, YearlyFactFactory


@pytest.fixture
def figures(world):
    YearlyFactFactory(enterprise=world.a.enterprise, year=2024, revenue=Decimal("100.00"))
    outside_park = EnterpriseFactory(zone=world.a.zone, park=None)
    YearlyFactFactory(enterprise=outside_park, year=2024, revenue=Decimal("50.00"))
    YearlyFactFactory(enterprise=world.b.enterprise, year=2024, revenue=Decimal("7.00"))
    return world


@pytest.mark.django_db
def test_zone_official_sees_the_whole_zone_only(figures):
    data = overview(user=figures.a.users[Role.ZONE_OFFICIAL])
    assert data["total"] == 2
    assert data["latest"]["revenue"] == Decimal("150.00")


@pytest.mark.django_db
def test_park_operator_sees_its_parks_only(figures):
    data = overview(user=figures.a.users[Role.PARK_OPERATOR])
    assert data["total"] == 1
    assert data["latest"]["revenue"] == Decimal("100.00")


@pytest.mark.django_db
def test_stage_counts_add_up_to_the_total(figures):
    data = overview(user=figures.a.users[Role.ZONE_OFFICIAL])
    assert sum(s["count"] for s in data["stages"]) == data["total"]


@pytest.mark.django_db
def test_page_shows_grouped_figures_in_wan(client, figures):
    YearlyFactFactory(enterprise=figures.a.enterprise, year=2025, revenue=Decimal("123456789.00"))
    client.force_login(figures.a.users[Role.ZONE_OFFICIAL])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "12,346" in page  # 123 456 789 yuan = 12 346 万元, rounded half-up


@pytest.mark.django_db
def test_empty_scope_says_what_to_do(client, world):
    world.a.enterprise.delete()
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "企业" in page and "导入" in page
