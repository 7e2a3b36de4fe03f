"""Builders of the dashboard tests: a cluster with chain segments and their members, and a
zone spread over parks, segments, stages, qualifications and years."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from gaoxin.enterprises.tests.factories import (
    EnterpriseFactory,
    ParkFactory,
    QualificationFactory,
    YearlyFactFactory,
)
from gaoxin.parks.models import ChainSegment, Cluster, SegmentMembership

STAGES = ["rnd", "pilot", "production", "sales"]
KINDS = ["high_tech", "srdi", "little_giant"]


def make_chain(zone, parks, names=("医学影像设备", "体外诊断试剂")) -> list[ChainSegment]:
    cluster = Cluster.objects.create(zone=zone, name="医疗器械")
    cluster.parks.set(parks)
    return [
        ChainSegment.objects.create(cluster=cluster, name=name, position="midstream", order=i)
        for i, name in enumerate(names)
    ]


def join(segment, *enterprises) -> None:
    for enterprise in enterprises:
        SegmentMembership.objects.create(segment=segment, enterprise=enterprise)


def spread(zone, operator, n: int, chain: tuple | None = None) -> tuple:
    """``n`` enterprises of ``zone`` over two parks of ``operator``, two segments (every fifth
    firm in both), the four stages, three qualifications and two years of figures. ``chain``:
    the (parks, segments) of an earlier call, to add to them. Returns (firms, (parks, segments))."""
    if chain is None:
        parks = [ParkFactory(zone=zone, operator=operator) for _ in range(2)]
        chain = (parks, make_chain(zone, parks))
    parks, segments = chain
    firms = []
    for i in range(n):
        firm = EnterpriseFactory(zone=zone, park=parks[i % 2], stage=STAGES[i % 4])
        QualificationFactory(enterprise=firm, kind=KINDS[i % 3])
        for year in (2023, 2024):
            YearlyFactFactory(enterprise=firm, year=year, revenue=Decimal(1000 * (i + 1)))
        join(segments[i % 2], firm)
        if i % 5 == 0:
            join(segments[(i + 1) % 2], firm)
        firms.append(firm)
    return firms, chain


def workbook_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]
