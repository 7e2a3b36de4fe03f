"""The clusters API: the list, the chain map data, a segment, targets with their progress,
membership add and remove; side B's users get 404 for side A's objects."""

from __future__ import annotations

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.api_client import ApiClient
from gaoxin.audit.models import AuditEvent

from .cluster_factories import cluster_of, fact, firm, lead, member, segment, target

ZO, PO, PR = Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER
pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    a = world.a
    cluster = cluster_of(a)
    mid = segment(cluster, "整机", "midstream")
    empty = segment(cluster, "空白", parent=mid)
    maker = firm(a)
    member(mid, maker)
    fact(maker, 2024, output="1234567.89")
    lead(a, mid, status="settled", output="100000", year=2025)
    t = target(cluster, amount="5000000", base=2024, year=2025, milestones={2025: "2000000"})
    return {"cluster": cluster, "mid": mid, "empty": empty, "maker": maker, "target": t}


def test_list_and_get(world, chain):
    body = ApiClient(world.a.users[PR]).get("/clusters").json()
    assert [c["name"] for c in body] == ["医疗器械"]
    one = body[0]
    assert one["enterprises"] == 1 and one["output"] == "1234567.89"
    assert one["target"] == "5000000.00" and one["progress"] == 24
    assert ApiClient(world.b.users[ZO]).get("/clusters").json() == []
    path = f"/clusters/{chain['cluster'].pk}"
    assert ApiClient(world.a.users[PO]).get(path).json()["segments"] == 2
    assert ApiClient(world.b.users[PR]).get(path).status_code == 404


def test_chain_has_figures_and_gaps(world, chain):
    body = ApiClient(world.a.users[ZO]).get(f"/clusters/{chain['cluster'].pk}/chain").json()
    segments = {s["name"]: s for s in body["segments"]}
    assert segments["整机"]["enterprises"] == 1 and segments["整机"]["output"] == "1234567.89"
    assert segments["整机"]["stages"] == {"rnd": 0, "pilot": 0, "production": 1, "sales": 0}
    assert segments["整机"]["gap"] is None and segments["空白"]["gap"] == "empty"
    assert segments["空白"]["depth"] == 1 and segments["空白"]["parent"] == chain["mid"].pk


def test_targets_with_progress(world, chain):
    body = ApiClient(world.a.users[PO]).get(f"/clusters/{chain['cluster'].pk}/targets").json()
    progress = body[0]["progress"]
    assert progress[0] == {
        "year": 2024, "milestone": None, "actual": "1234567.89", "forecast": None, "gap": None,
    }  # fmt: skip
    assert progress[1] == {
        "year": 2025,
        "milestone": "2000000.00",
        "actual": None,
        "forecast": "1334567.89",
        "gap": "665432.11",
    }


def test_segment_and_memberships(world, chain):
    mid = chain["mid"]
    api = ApiClient(world.a.users[PO])
    body = api.get(f"/clusters/segments/{mid.pk}").json()
    assert [m["enterprise"] for m in body["members"]] == [chain["maker"].pk]
    assert body["children"] == [chain["empty"].pk]
    path = f"/clusters/segments/{mid.pk}/members"
    response = api.post(path, {"enterprise": world.a.enterprise.pk, "note": "龙头"})
    assert response.status_code == 201 and response.json()["note"] == "龙头"
    again = api.post(path, {"enterprise": world.a.enterprise.pk})
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate"
    assert api.post(path, {"enterprise": world.b.enterprise.pk}).status_code == 404
    assert api.post(path, {"enterprise": 0}).status_code == 422
    assert ApiClient(world.a.users[PR]).post(path, {"enterprise": 1}).status_code == 403
    one = f"{path}/{world.a.enterprise.pk}"
    assert ApiClient(world.b.users[ZO])._call("delete", one).status_code == 404
    assert api._call("delete", one).status_code == 204
    assert api._call("delete", one).status_code == 404
    assert AuditEvent.objects.filter(action__startswith="parks.membership.").count() == 2
