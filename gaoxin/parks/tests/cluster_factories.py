"""Builders for the clusters' tests (plain functions on the world fixture's sides)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import YearlyFact
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.investment.models import Lead, Signing
from gaoxin.parks.models import ChainSegment, Cluster, ClusterTarget, SegmentMembership


def cluster_of(side, name="医疗器械") -> Cluster:
    cluster = Cluster.objects.create(zone=side.zone, name=name)
    cluster.parks.add(side.park)
    return cluster


def segment(cluster, name, position="midstream", parent=None, order=0) -> ChainSegment:
    return ChainSegment.objects.create(
        cluster=cluster,
        name=name,
        position=parent.position if parent else position,
        parent=parent,
        order=order,
    )


def firm(side, stage="production", **kwargs):
    return EnterpriseFactory(zone=side.zone, park=side.park, stage=stage, **kwargs)


def member(seg, enterprise) -> SegmentMembership:
    return SegmentMembership.objects.create(segment=seg, enterprise=enterprise)


def fact(enterprise, year, output=None, revenue=None) -> YearlyFact:
    return YearlyFact.objects.create(
        enterprise=enterprise,
        year=year,
        output_value=None if output is None else Decimal(output),
        revenue=None if revenue is None else Decimal(revenue),
    )


def lead(side, seg, *, status="signed", output=None, year=None, enterprise=None, owner=None):
    return Lead.objects.create(
        zone=side.zone,
        park=side.park,
        segment=seg,
        firm_name="招商目标企业",
        source="conference",
        owner=owner or side.users[Role.ZONE_OFFICIAL],
        expected_output=None if output is None else Decimal(output),
        production_year=year,
        status=status,
        enterprise=enterprise,
        contact_on=datetime.date(2025, 1, 6),
    )


def signing(side, the_lead, amount="1000000"):
    return Signing.objects.create(
        lead=the_lead,
        signed_on=datetime.date(2025, 4, 25),
        amount=Decimal(amount),
        segment=the_lead.segment,
        park=side.park,
        recorded_by=side.users[Role.ZONE_OFFICIAL],
    )


def target(cluster, *, amount="1000000", base=2024, year=2028, seg=None, milestones=None):
    t = ClusterTarget.objects.create(
        cluster=cluster,
        segment=seg,
        name="产值目标",
        base_year=base,
        target_year=year,
        amount=Decimal(amount),
    )
    for y, a in (milestones or {}).items():
        t.milestones.create(year=y, amount=Decimal(a))
    return t


def matrix_segment(w) -> ChainSegment:
    """Side A's cluster with one segment holding side A's enterprise (made once per test), for
    the API permission matrix."""
    if not hasattr(w, "cluster_segment"):
        cluster = cluster_of(w.a)
        w.cluster_segment = segment(cluster, "矩阵环节")
        member(w.cluster_segment, w.a.enterprise)
        target(cluster, amount="1000")
    return w.cluster_segment
