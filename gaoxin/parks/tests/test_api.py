"""The parks API: parks with platforms and counts, a park's spaces (filtered), creating and
editing a unit, changing its occupancy; scoped (another side's park is 404)."""

from __future__ import annotations

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.api_client import ApiClient
from gaoxin.audit.models import AuditEvent
from gaoxin.parks.models import Space

pytestmark = pytest.mark.django_db


def test_the_operator_lists_its_parks_with_platforms(operator, park, spaces, platform):
    body = ApiClient(operator).get("/parks").json()
    assert [p["name"] for p in body["items"]] == [park.name]
    item = body["items"][0]
    assert item["space_count"] == 3 and item["free_space_count"] == 1
    assert item["free_area"] == "420.00" and item["enterprise_count"] == 1
    assert item["platforms"][0]["offers"] == "共享实验室"
    assert ApiClient(operator).get(f"/parks/{park.pk}").json()["name"] == park.name


def test_spaces_filtered_by_occupancy(operator, park, spaces, world):
    client = ApiClient(operator)
    body = client.get(f"/parks/{park.pk}/spaces", occupancy="occupied").json()
    assert [s["code"] for s in body["items"]] == ["A102"]
    assert body["items"][0]["occupant_name"] == world.a.enterprise.name
    assert body["items"][0]["area"] == "300.00"
    assert client.get(f"/parks/{park.pk}/spaces").json()["count"] == 3
    assert client.get(f"/parks/{park.pk}/spaces", occupancy="sold").status_code == 422


def test_the_operator_adds_and_edits_a_unit(operator, park, building):
    client = ApiClient(operator)
    body = {"building": building.pk, "code": "A301", "area": "210.5", "use": "office"}
    response = client.post(f"/parks/{park.pk}/spaces", body)
    assert response.status_code == 201, response.content
    space = response.json()
    assert space["occupancy"] == "free" and space["area"] == "210.50"
    response = client.patch(f"/parks/{park.pk}/spaces/{space['id']}", {"monthly_rent": "36.5"})
    assert response.json()["monthly_rent"] == "36.50"
    response = client.post(f"/parks/{park.pk}/spaces", body)
    assert response.status_code == 409
    assert response.json()["error"]["fields"][0]["field"] == "code"
    url = f"/parks/{park.pk}/spaces/{space['id']}"
    assert client.patch(url, {"use": None}).status_code == 422
    response = client.post(f"/parks/{park.pk}/spaces", {**body, "area": "0"})
    assert response.status_code == 422


def test_setting_occupancy_through_the_api(operator, park, spaces, world):
    client = ApiClient(operator)
    url = f"/parks/{park.pk}/spaces/{spaces['free'].pk}/occupancy"
    response = client.post(url, {"occupancy": "reserved", "reason": "预留"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"][0]["field"] == "occupant"
    other = {"occupancy": "reserved", "occupant": world.b.enterprise.pk, "reason": "预留"}
    assert client.post(url, other).status_code == 404  # not an enterprise of the zone
    body = {"occupancy": "reserved", "occupant": world.a.enterprise.pk, "reason": "签约预留"}
    response = client.post(url, body)
    assert response.status_code == 200 and response.json()["occupant"] == world.a.enterprise.pk
    assert Space.objects.get(pk=spaces["free"].pk).occupancy == "reserved"
    assert AuditEvent.objects.filter(action="parks.space.occupancy", reason="签约预留").exists()
    response = client.post(url, body)
    assert response.status_code == 409 and response.json()["error"]["code"] == "unchanged"


def test_the_other_side_gets_404_and_other_roles_403(world, park, spaces):
    other = ApiClient(world.b.users[Role.PARK_OPERATOR])
    assert other.get("/parks").json()["items"][0]["name"] == world.b.park.name
    assert other.get(f"/parks/{park.pk}").status_code == 404
    assert other.get(f"/parks/{park.pk}/spaces").status_code == 404
    url = f"/parks/{park.pk}/spaces/{spaces['free'].pk}"
    assert other.patch(url, {"area": "1"}).status_code == 404
    mine = ApiClient(world.a.users[Role.PARK_OPERATOR])
    theirs = world.b.park
    assert mine.get(f"/parks/{theirs.pk}").status_code == 404
    assert ApiClient(world.a.users[Role.ENTERPRISE_USER]).get("/parks").status_code == 403
    assert (
        ApiClient(world.a.users[Role.PROVINCIAL_REVIEWER]).patch(url, {"area": "1"}).status_code
        == 403
    )
