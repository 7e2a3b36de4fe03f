"""The expert API answers what the pages show, scoped the same way."""

from __future__ import annotations

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.experts import services

from .factories import TieFactory
from .test_services import FULL

pytestmark = pytest.mark.django_db


def test_pool_list_searches_by_field(client, official, pool):
    client.force_login(official)
    body = client.get("/api/experts?field=技术转化").json()
    assert sorted(e["name"] for e in body["items"]) == ["丁", "甲"]
    assert "phone" not in body["items"][0]


def test_draw_detail(client, official, applicant, policy, pool, world):
    TieFactory(expert=pool[0], enterprise=applicant)
    draw = services.draw_create(
        actor=official, subject=applicant, enterprise=applicant, policy=policy, n=2, seed=2**62
    )
    sheet = draw.assignments.first()
    services.score_submit(actor=official, assignment=sheet, scores=FULL, comment="")
    client.force_login(world.a.users[Role.PROVINCIAL_REVIEWER])
    body = client.get(f"/api/experts/draws/{draw.pk}").json()
    assert body["seed"] == str(2**62) and body["drawn"] == draw.drawn
    assert body["pool"] == sorted(e.pk for e in pool[1:]) and body["replayed_same"]
    assert body["excluded"][0]["reason"] == "declared_tie"
    assert body["aggregate"]["mean"] == "78.00" and body["aggregate"]["submitted"] == 1
    assert body["items"][0]["key"] == "tech"
    client.force_login(world.b.users[Role.PROVINCIAL_REVIEWER])
    assert client.get(f"/api/experts/draws/{draw.pk}").status_code == 404
