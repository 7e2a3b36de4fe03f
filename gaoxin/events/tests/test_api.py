"""The events API: what each side reads, the writes and the registration rules' answers."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from gaoxin.accounts.choices import Role
from gaoxin.events import services
from gaoxin.events.models import Event, Registration

from .factories import hidden_event, make_event, open_event

pytestmark = pytest.mark.django_db


def _get(client, path, **params):
    return client.get(path, params)


def _post(client, path, body, method="post"):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def _titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


def test_list_public_for_anonymous_and_more_for_staff(world):
    make_event(world.a.zone, title="公开")
    hidden_event(world.a, title="内部")
    hidden_event(world.b, title="B内部")
    assert _titles(_get(Client(), "/api/events")) == ["公开"]
    client = Client()
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    assert sorted(_titles(_get(client, "/api/events"))) == ["公开", "内部"]
    assert _titles(_get(client, "/api/events", kind="conference")) == []


def test_list_reads_a_token_too(world):
    from gaoxin.accounts.api_auth import digest, new_token_key
    from gaoxin.accounts.models import ApiToken

    hidden_event(world.a, title="内部")
    key = new_token_key()
    ApiToken.objects.create(
        user=world.a.users[Role.ZONE_OFFICIAL], name="t", prefix=key[:8], digest=digest(key)
    )
    response = Client().get("/api/events", headers={"Authorization": f"Bearer {key}"})
    assert _titles(response) == ["内部"]


def test_detail_hides_a_non_public_event_from_the_public(world):
    event = hidden_event(world.a)
    assert Client().get(f"/api/events/{event.pk}").status_code == 404
    client = Client()
    client.force_login(world.a.users[Role.PROVINCIAL_REVIEWER])
    body = client.get(f"/api/events/{event.pk}").json()
    assert body["title"] == event.title and body["signings"] == 0


def test_create_and_update(world):
    client = Client()
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    body = {
        "kind": "briefing",
        "title": "宣讲",
        "starts_on": "2030-01-01",
        "venue": "厅",
        "park": world.a.park.pk,
        "registration_open": True,
        "capacity": 10,
    }
    response = _post(client, "/api/events", body)
    assert response.status_code == 201, response.content
    event_id = response.json()["id"]
    assert response.json()["registration_open"] is True
    response = _post(client, f"/api/events/{event_id}", {"capacity": 20}, method="patch")
    assert response.status_code == 200 and Event.objects.get(pk=event_id).capacity == 20
    # null for a field an event must have leaves it; a number is not a yes/no
    patch = {"kind": None, "title": None, "is_public": None, "capacity": None}
    response = _post(client, f"/api/events/{event_id}", patch, method="patch")
    event = Event.objects.get(pk=event_id)
    assert response.status_code == 200, response.content
    assert (event.kind, event.title, event.is_public, event.capacity) == (
        "briefing",
        "宣讲",
        True,
        None,
    )
    response = _post(client, "/api/events", {**body, "registration_open": 0})
    assert response.status_code == 422
    response = _post(client, "/api/events", {**body, "park": None})
    assert response.status_code == 400
    assert response.json()["error"]["fields"][0]["field"] == "park"


def test_register_answers(world):
    event = open_event(world.a, capacity=1)
    path = f"/api/events/{event.pk}/registrations"
    response = _post(Client(), path, {"name": "张三", "phone": "13812341234"})
    assert response.status_code == 201
    assert response.json()["phone"] == "138****1234"
    response = _post(Client(), path, {"name": "张三", "phone": "13812341234"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "duplicate"
    response = _post(Client(), path, {"name": "李四", "phone": "13812341235"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "event_full"
    closed = make_event(world.a.zone, title="不报名")
    response = _post(
        Client(), f"/api/events/{closed.pk}/registrations", {"name": "李四", "phone": "13812341235"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "registration_closed"
    hidden = hidden_event(world.a)
    response = _post(
        Client(), f"/api/events/{hidden.pk}/registrations", {"name": "李四", "phone": "13812341235"}
    )
    assert response.status_code == 404


@override_settings(EVENTS_PUBLIC_REGISTRATIONS_PER_HOUR=1)
def test_register_rate_limited(world):
    event = open_event(world.a)
    path = f"/api/events/{event.pk}/registrations"
    assert _post(Client(), path, {"name": "甲", "phone": "13812341231"}).status_code == 201
    response = _post(Client(), path, {"name": "乙", "phone": "13812341232"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "too_many"
    assert Registration.objects.count() == 1


def test_registrations_for_managers_in_full(world):
    event = open_event(world.a)
    services.registration_create(event=event, name="张三", phone="13812341234")
    client = Client()
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    items = client.get(f"/api/events/{event.pk}/registrations").json()["items"]
    assert [i["phone"] for i in items] == ["13812341234"]
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    assert client.get(f"/api/events/{event.pk}/registrations").status_code == 404


def test_year_out_of_range_is_a_422_naming_it(world):
    response = Client().get("/api/events", {"year": "99999"})
    assert response.status_code == 422
    assert "year" in [f["field"] for f in response.json()["error"]["fields"]]
