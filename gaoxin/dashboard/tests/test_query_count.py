"""The overview and its figure exports aggregate in the database: the same number of queries for
5 enterprises as for 60 (spread over parks, segments, stages, qualifications and years), so
50 000 cost no more queries (bench/dashboard.py measures the time)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.funds.tests.factories import make_commitment, make_fund

from .helpers import spread

KEYS = [
    "enterprises-stage",
    "enterprises-qualification",
    "enterprises-park",
    "enterprises-segment",
    "enterprises-year",
    "funds-money",
]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def measure(client) -> dict[str, int]:
    """Queries of the overview and of each figure's export."""
    counts = {"overview": queries(client, reverse("dashboard:home"))}
    for key in KEYS:
        counts[key] = queries(client, reverse("dashboard:figure_export", kwargs={"key": key}))
    return counts


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_enterprises(client, world):
    zone, operator = world.a.zone, world.a.operator
    firms, chain = spread(zone, operator, 4)  # with world.a.enterprise: 5
    for title in ("甲资金", "乙资金"):
        make_commitment(make_fund(zone, title=title), firms[0], "1000")
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    client.get(reverse("dashboard:home"))  # warm: session, content types, first-use caches
    small = measure(client)
    spread(zone, operator, 55, chain)  # 60
    large = measure(client)
    assert large == small, (small, large)
    assert small["overview"] < 60, small  # and not many to begin with


@pytest.mark.django_db
def test_the_query_count_of_a_park_operator_does_not_grow_either(client, world):
    zone, operator = world.a.zone, world.a.operator
    _firms, chain = spread(zone, operator, 4)
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    client.get(reverse("dashboard:home"))
    small = queries(client, reverse("dashboard:home"))
    spread(zone, operator, 55, chain)
    assert queries(client, reverse("dashboard:home")) == small
