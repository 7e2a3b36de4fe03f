"""The public calculator: no login, empty facts, only the figures typed in; every published
policy of the zone with its status and amount; nothing saved, nothing of any enterprise shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.tests.factories import YearlyFactFactory

from .conftest import make_policy

pytestmark = pytest.mark.django_db
URL = reverse("policies:public_calculator")


def _get(client, data=None):
    client.cookies["django_language"] = "en"
    return client.get(URL, data or {}).content.decode()


def test_it_starts_empty_and_shows_no_enterprise(client, world, policy):
    YearlyFactFactory(enterprise=world.a.enterprise, revenue=123456789)
    page = _get(client)
    assert 'data-testid="public-calc-form"' in page and 'data-testid="public-calc-start"' in page
    assert world.a.enterprise.name not in page and "123456789" not in page
    assert 'data-testid="calc-policy"' not in page


def test_typed_figures_meet_a_policy_with_its_amount(client, world, policy):
    events = AuditEvent.objects.count()
    page = _get(
        client,
        {
            "zone": world.a.zone.pk,
            "revenue": "100000000",
            "rnd_expense": "3500000",
            "qualifications__present": "1",
            "qualifications": ["high_tech"],
        },
    )
    assert 'data-status="met"' in page and policy.title in page
    assert "350,000.00" in page  # 10 % of the R&D expense
    assert AuditEvent.objects.count() == events


def test_without_the_qualification_it_is_not_met(client, world, policy):
    page = _get(
        client,
        {"revenue": "100000000", "rnd_expense": "3500000", "qualifications__present": "1"},
    )
    assert 'data-status="met"' not in page and policy.title in page


def test_a_bad_figure_names_the_field(client, world, policy):
    page = _get(client, {"revenue": "lots"})
    assert 'data-testid="error-revenue"' in page and 'data-testid="calc-policy"' not in page


def test_only_the_chosen_zones_policies(client, world, policy):
    other = make_policy(world.b.zone, title="乙区政策")
    page = _get(client, {"zone": world.b.zone.pk, "revenue": "1"})
    assert other.title in page and policy.title not in page
    page = _get(client, {"zone": "nonsense", "revenue": "1"})
    assert 'data-testid="calc-policy"' in page
