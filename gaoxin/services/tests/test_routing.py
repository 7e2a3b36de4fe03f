"""The router (routing.py): fit, load, rating with its prior, the tie rule, and every exclusion
with the reason it gives."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from gaoxin.experts.tests.factories import TieFactory
from gaoxin.services import routing
from gaoxin.services.models import Assignment, ServiceRequest

from .factories_requests import AdvisorFactory, domain

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@pytest.fixture
def zone(world):
    return world.a.zone


@pytest.fixture
def enterprise(world):
    return world.a.enterprise


def _request(zone, enterprise, advisor, status="assigned", rating=None):
    return ServiceRequest.objects.create(
        zone=zone,
        number=f"FW2026-T{ServiceRequest.objects.count() + 1:04d}",
        enterprise=enterprise,
        domain=domain("compliance"),
        title="t",
        description="d",
        status=status,
        advisor=advisor,
        rating=rating,
    )


def choose(zone, code, enterprise=None, exclude=()):
    return routing.choose(
        zone_id=zone.pk, domain=domain(code), enterprise=enterprise, exclude=exclude, on=DAY
    )


def test_exact_fit_beats_broad_fit(zone):
    broad = AdvisorFactory(zone=zone, domains=["compliance"])
    exact = AdvisorFactory(zone=zone, domains=["device_registration"])
    choice = choose(zone, "device_registration")
    assert choice.advisor == exact
    assert "fits exactly" in choice.reason
    assert [c.advisor for c in choice.candidates] == [exact, broad]
    assert choice.candidates[1].fit == routing.BROAD


def test_broad_fit_both_ways(zone):
    finer = AdvisorFactory(zone=zone, domains=["supply_chain"])
    assert choose(zone, "compliance").advisor == finer  # a finer domain of a broad request
    broad = AdvisorFactory(zone=zone, domains=["capital"])
    choice = choose(zone, "bank_credit")  # the broad domain of a finer request
    assert choice.advisor == broad
    assert "fits broadly" in choice.reason


def test_lower_load_first(zone, enterprise):
    busy = AdvisorFactory(zone=zone, domains=["compliance"])
    free = AdvisorFactory(zone=zone, domains=["compliance"])
    _request(zone, enterprise, busy)
    _request(zone, enterprise, free, status="completed")  # closed: not load
    choice = choose(zone, "compliance")
    assert choice.advisor == free
    assert choice.candidates[1].load == 1


def test_rating_orders_and_the_prior_pulls_towards_three(zone, enterprise):
    one_five = AdvisorFactory(zone=zone, domains=["compliance"])
    many_fours = AdvisorFactory(zone=zone, domains=["compliance"])
    _request(zone, enterprise, one_five, status="rated", rating=5)
    for _ in range(10):
        _request(zone, enterprise, many_fours, status="rated", rating=5 if _ % 2 else 4)
    # (5 + 6) / 3 = 3.67 against (45 + 6) / 12 = 4.25
    assert routing.pulled_rating(5, 1) == Decimal("3.67")
    assert routing.pulled_rating(45, 10) == Decimal("4.25")
    assert routing.pulled_rating(0, 0) == Decimal("3.00")
    choice = choose(zone, "compliance")
    assert choice.advisor == many_fours
    assert "rating 4.25 from 10 ratings" in choice.reason


def test_unrated_counts_as_three(zone, enterprise):
    poor = AdvisorFactory(zone=zone, domains=["compliance"])
    _request(zone, enterprise, poor, status="rated", rating=1)
    new = AdvisorFactory(zone=zone, domains=["compliance"])
    choice = choose(zone, "compliance")
    assert choice.advisor == new
    assert "not rated yet (counted as 3.00)" in choice.reason


def test_tie_goes_to_the_one_assigned_longest_ago_then_lower_id(zone, enterprise):
    first = AdvisorFactory(zone=zone, domains=["compliance"])
    second = AdvisorFactory(zone=zone, domains=["compliance"])
    third = AdvisorFactory(zone=zone, domains=["compliance"])
    choice = choose(zone, "compliance")
    assert choice.advisor == first  # none assigned yet: the lower id
    assert "Tied with" in choice.reason and str(second.expert.name) in choice.reason
    old = _request(zone, enterprise, None, status="completed")
    now = timezone.now()
    Assignment.objects.create(
        request=old, advisor=first, assigned_at=now, reason="r", candidates=[]
    )
    Assignment.objects.create(
        request=old,
        advisor=third,
        assigned_at=now - datetime.timedelta(days=3),
        reason="r",
        candidates=[],
    )
    # never assigned (second) first, then assigned longest ago (third), then first
    ranked = [c.advisor for c in choose(zone, "compliance").candidates]
    assert ranked == [second, third, first]


def test_not_tied_reason_names_the_runner_up(zone, enterprise):
    a = AdvisorFactory(zone=zone, domains=["compliance"])
    b = AdvisorFactory(zone=zone, domains=["compliance"])
    _request(zone, enterprise, b)
    choice = choose(zone, "compliance")
    assert choice.advisor == a
    assert "1 other advisors could take it; next was" in choice.reason
    assert "Tied" not in choice.reason


def test_unavailable_flag_and_until_date(zone):
    off = AdvisorFactory(
        zone=zone, domains=["compliance"], available=False, unavailable_reason="出差"
    )
    away = AdvisorFactory(
        zone=zone, domains=["compliance"], unavailable_until=DAY + datetime.timedelta(days=3)
    )
    back = AdvisorFactory(
        zone=zone, domains=["compliance"], unavailable_until=DAY - datetime.timedelta(days=1)
    )
    choice = choose(zone, "compliance")
    assert choice.advisor == back
    why = {c.advisor: c.excluded for c in choice.candidates}
    assert why[off].startswith("unavailable") and "出差" in why[off]
    assert "until 2026-12-10" in why[away]
    assert why[back] == ""


def test_conflict_of_interest_is_excluded_with_reason(zone, enterprise):
    tied = AdvisorFactory(zone=zone, domains=["device_registration"])
    other = AdvisorFactory(zone=zone, domains=["compliance"])
    TieFactory(expert=tied.expert, enterprise=enterprise)
    choice = choose(zone, "device_registration", enterprise=enterprise)
    assert choice.advisor == other
    excluded = {c.advisor: c.excluded for c in choice.candidates}
    assert "conflict of interest" in excluded[tied]
    # without the enterprise the tie does not apply
    assert choose(zone, "device_registration").advisor == tied


def test_term_not_running(zone):
    AdvisorFactory(zone=zone, domains=["compliance"], term_start=DAY + datetime.timedelta(days=1))
    AdvisorFactory(
        zone=zone,
        domains=["compliance"],
        term_start=datetime.date(2020, 1, 1),
        term_end=DAY - datetime.timedelta(days=1),
    )
    choice = choose(zone, "compliance")
    assert choice.advisor is None
    assert all("term not running on 2026-12-07" in c.excluded for c in choice.candidates)
    assert choice.reason.startswith("No advisor can take it now")


def test_full_load_is_excluded(zone, enterprise):
    full = AdvisorFactory(zone=zone, domains=["compliance"], max_load=1)
    _request(zone, enterprise, full, status="accepted")
    choice = choose(zone, "compliance")
    assert choice.advisor is None
    assert "already holds 1 open requests (at most 1)" in choice.candidates[0].excluded


def test_decline_excludes_the_decliner(zone):
    decliner = AdvisorFactory(zone=zone, domains=["compliance"])
    other = AdvisorFactory(zone=zone, domains=["capital"])
    assert choose(zone, "compliance").advisor == decliner
    choice = choose(zone, "compliance", exclude=[decliner.pk])
    assert choice.advisor is None  # the other's domain does not fit
    excluded = {c.advisor: c.excluded for c in choice.candidates}
    assert excluded[decliner] == "declined this request"
    assert excluded[other] == "no domain of theirs fits"


def test_nobody_eligible_and_no_advisors(zone, world):
    assert choose(zone, "compliance").reason == "The zone has no advisors yet."
    AdvisorFactory(zone=world.b.zone, domains=["compliance"])  # another zone's advisor
    assert choose(zone, "compliance").advisor is None
    AdvisorFactory(zone=zone, domains=["capital"])
    choice = choose(zone, "compliance")
    assert choice.advisor is None
    assert "no domain of theirs fits" in choice.reason


def test_candidates_json_is_stored_shape(zone):
    AdvisorFactory(zone=zone, domains=["compliance"])
    rows = choose(zone, "compliance").candidates_json()
    assert set(rows[0]) == {
        "advisor",
        "name",
        "fit",
        "load",
        "max_load",
        "rating",
        "rated",
        "excluded",
    }
    assert rows[0]["rating"] == "3.00"  # a string, never a float


@pytest.mark.parametrize("code", ["compliance", "device_registration"])
def test_the_queries_do_not_grow_with_the_advisors(zone, enterprise, code):
    """The benchmark (bench/services.py) once found one query per advisor: read the domain's
    finer domains once, not per advisor."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            choose(zone, code, enterprise)
        return len(queries)

    AdvisorFactory(zone=zone, domains=["capital"])
    few = count()
    for _ in range(6):
        AdvisorFactory(zone=zone, domains=["bank_credit"])
    assert count() == few
