"""The rules of a target's actual, forecast and gap, with numbers (docs/parks.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.choices import Membership
from gaoxin.parks.targets import target_progress

from .cluster_factories import cluster_of, fact, firm, lead, member, segment, target

D = Decimal


@pytest.fixture
def chain(world):
    """Segment A (with sub-segment A1) and B of side A's cluster, and firms with figures."""
    a = world.a
    cluster = cluster_of(a)
    seg_a = segment(cluster, "整机", "midstream")
    seg_a1 = segment(cluster, "影像", parent=seg_a)
    seg_b = segment(cluster, "服务", "downstream")
    f1 = firm(a)  # in A and A1: counted once
    member(seg_a, f1), member(seg_a1, f1)
    fact(f1, 2023, output=100), fact(f1, 2024, output=200)
    f2 = firm(a)
    member(seg_b, f2)
    fact(f2, 2024, output=50)
    partner = firm(a, membership=Membership.PARTNER)  # not a zone member: left out
    member(seg_b, partner)
    fact(partner, 2024, output=1000)
    f3 = firm(a)  # revenue only: no output figure
    member(seg_a, f3)
    fact(f3, 2024, revenue=80)
    f4 = firm(a)  # settled from a lead, no figure yet
    return {"cluster": cluster, "a": seg_a, "a1": seg_a1, "b": seg_b, "f2": f2, "f4": f4}


def _pipeline(world, chain):
    a = world.a
    lead(a, chain["a"], status="signed", output=100, year=2025)
    lead(a, chain["b"], status="producing", output=30, year=2026, enterprise=chain["f2"])
    lead(a, chain["a1"], status="settled", output=70, year=2026, enterprise=chain["f4"])
    lead(a, chain["a"], status="negotiation", output=500, year=2025)  # not signed yet
    lead(a, chain["b"], status="signed", output=40, year=2028)  # after the target year
    other = segment(cluster_of(a, name="其他集群"), "别处")
    lead(a, other, status="signed", output=900, year=2025)  # another cluster


@pytest.mark.django_db
def test_actual_forecast_and_gap_by_year(world, chain):
    _pipeline(world, chain)
    t = target(
        chain["cluster"], amount="1000", base=2024, year=2027, milestones={2025: 400, 2026: 600}
    )
    rows = {r["year"]: r for r in target_progress(t)}
    assert list(rows) == [2024, 2025, 2026, 2027]
    # actual 2024: f1 200 + f2 50 (the partner's 1000 and f3's revenue left out)
    assert rows[2024] == {
        "year": 2024, "milestone": None, "actual": D(250), "forecast": None, "gap": None,
    }  # fmt: skip
    # 2025: 250 + the signed lead producing from 2025 (100)
    assert (rows[2025]["actual"], rows[2025]["forecast"], rows[2025]["gap"]) == (None, 350, 50)
    # 2026: + the settled lead of f4 (70); f2's producing lead is in the actual already
    assert (rows[2026]["forecast"], rows[2026]["gap"]) == (420, 180)
    # 2027: no milestone given: the target's amount is the target year's milestone
    assert (rows[2027]["milestone"], rows[2027]["forecast"], rows[2027]["gap"]) == (1000, 420, 580)


@pytest.mark.django_db
def test_actual_only_for_years_with_figures_and_the_last_year_moves(world, chain):
    t = target(chain["cluster"], amount="1000", base=2023, year=2025)
    rows = {r["year"]: r for r in target_progress(t)}
    assert rows[2023]["actual"] == 100 and rows[2023]["forecast"] is None
    assert rows[2024]["actual"] == 250
    assert rows[2025]["actual"] is None and rows[2025]["forecast"] == 250
    # f4 reports 2025: the last actual year is 2025 now
    fact(chain["f4"], 2025, output=30)
    member(chain["b"], chain["f4"])
    rows = {r["year"]: r for r in target_progress(t)}
    assert rows[2025]["actual"] == 30 and rows[2025]["forecast"] is None
    assert rows[2025]["gap"] == 970


@pytest.mark.django_db
def test_a_segment_target_counts_its_sub_segments(world, chain):
    _pipeline(world, chain)
    t = target(chain["cluster"], seg=chain["a"], amount="500", base=2024, year=2026)
    rows = {r["year"]: r for r in target_progress(t)}
    assert rows[2024]["actual"] == 200  # f1 once (in A and A1); f3 has no output
    assert rows[2025]["forecast"] == 300  # + the signed lead of A
    assert rows[2026]["forecast"] == 370  # + the settled lead of A1
    assert rows[2026]["gap"] == 130


@pytest.mark.django_db
def test_revenue_target_uses_revenue(world, chain):
    t = target(chain["cluster"], amount="1000", base=2024, year=2024)
    t.metric = "revenue"
    t.save()
    assert target_progress(t)[0]["actual"] == 80


@pytest.mark.django_db
def test_without_actuals_the_forecast_is_the_pipeline(world):
    cluster = cluster_of(world.a)
    seg = segment(cluster, "空白环节")
    lead(world.a, seg, status="signed", output=60, year=2026)
    t = target(cluster, amount="100", base=2025, year=2026, milestones={2025: 10})
    rows = target_progress(t)
    assert [(r["actual"], r["forecast"], r["gap"]) for r in rows] == [
        (None, 0, 10),
        (None, 60, 40),
    ]


@pytest.mark.django_db
def test_user_must_see_the_cluster(world, chain):
    from gaoxin.accounts.choices import Role

    t = target(chain["cluster"], amount="1000")
    assert target_progress(t, user=world.a.users[Role.PARK_OPERATOR])
    with pytest.raises(PermissionDeniedError):
        target_progress(t, user=world.b.users[Role.ZONE_OFFICIAL])
