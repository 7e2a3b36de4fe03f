"""One money unit per view (issue 9, item 7): the year form takes yuan and says so, the
profile's table shows 万元 with the unit in its header, the calculator's what-if is prefilled
in yuan, the export holds yuan — one figure, exactly converted, everywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import YearlyFact

from .test_export import export

pytestmark = pytest.mark.django_db
TYPED = "12,345,678.95"  # yuan, as a person types it
YUAN = Decimal("12345678.95")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def entered(client, world):
    """The official enters 2024's revenue in the year form (in yuan)."""
    official = world.a.users[Role.ZONE_OFFICIAL]
    client.force_login(official)
    client.cookies["django_language"] = "zh-hans"
    enterprise = world.a.enterprise
    url = reverse("enterprises:fact_create", args=[enterprise.pk])
    form = client.get(url).content.decode()
    assert "营业收入（元）" in form  # the form names the unit it takes
    response = client.post(url, {"year": "2024", "revenue": TYPED, "rnd_expense": "1000000"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return enterprise


def test_the_year_form_takes_yuan_exactly(entered):
    assert YearlyFact.objects.get(enterprise=entered, year=2024).revenue == YUAN


def test_the_profile_shows_ten_thousands_under_a_header_that_says_so(client, entered):
    page = client.get(reverse("enterprises:detail", args=[entered.pk])).content.decode()
    table = page[page.index('data-testid="facts-table"') :]
    assert "营业收入<span" in table and "（万元）" in table
    assert "1,234.57" in table  # 12 345 678.95 yuan = 1 234.567895 万元, half-up to 1 234.57
    assert "12,345,678.95" not in table


def test_the_what_if_is_prefilled_in_yuan(client, entered):
    page = client.get(reverse("policies:calculator"), {"enterprise": entered.pk}).content.decode()
    assert 'value="12345678.95"' in page
    assert "元" in page


def test_the_export_holds_yuan(client, world, entered):
    rows = export(client, world.a.users[Role.ZONE_OFFICIAL])
    header = rows[0]
    column = header.index("营业收入(元)")
    (row,) = [r for r in rows[1:] if r[0] == entered.uscc]
    assert Decimal(str(row[column])) == YUAN
