"""The overview section "output against target": a figure per visible target, in the Figure
shape (cells str/int/Decimal or None; yuan)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import overview_sections

from .cluster_factories import cluster_of, fact, firm, member, segment, target

pytestmark = pytest.mark.django_db


def _section(user):
    found = dict((s.key, c) for s, c in overview_sections(user))
    return found.get("cluster-targets")


def test_a_figure_per_target(world):
    cluster = cluster_of(world.a)
    seg = segment(cluster, "整机")
    maker = firm(world.a)
    member(seg, maker)
    fact(maker, 2024, output=300)
    t = target(cluster, amount="1000", base=2024, year=2025)
    section = _section(world.a.users[Role.PARK_OPERATOR])
    (by_target,) = section["figures"]
    assert by_target["key"] == f"cluster-target-{t.pk}" and by_target["chart"]["type"] == "line"
    assert by_target["rows"][0]["cells"] == ["2024", None, Decimal(300), None, None]
    assert by_target["rows"][1]["cells"] == [
        "2025",
        Decimal(1000),
        None,
        Decimal(300),
        Decimal(700),
    ]
    assert by_target["rows"][0]["link"] == reverse("clusters:targets", args=[cluster.pk])
    assert len(by_target["columns"]) == 5
    for figure in section["figures"]:
        for row in figure["rows"]:
            assert all(isinstance(c, str | int | Decimal | None) for c in row["cells"])


def test_no_section_without_clusters(world):
    cluster_of(world.a)
    assert _section(world.b.users[Role.ZONE_OFFICIAL]) is None
    assert _section(world.a.users[Role.ENTERPRISE_USER]) is None
    assert _section(world.a.users[Role.PROVINCIAL_REVIEWER]) is not None
