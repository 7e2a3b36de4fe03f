"""The service request API: filing (routed at once), the steps, the settings, scope (404),
roles (403), refused inputs (422) and refused moves (409)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from gaoxin.accounts.choices import Role

from .factories_requests import advisor_with_account, domain

pytestmark = pytest.mark.django_db


def api(user, method, path, body=None):
    client = Client()
    client.force_login(user)
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(f"/api/services{path}", **kwargs)


@pytest.fixture
def advisor(world):
    return advisor_with_account(world.a.zone, ["device_registration"], name="万飞")


def _file(world, **extra):
    body = {"domain": domain("device_registration").pk, "title": "注册", "description": "咨询"}
    return api(world.a.users[Role.ENTERPRISE_USER], "post", "/requests", {**body, **extra})


def test_the_whole_walk(world, advisor):
    response = _file(world, urgency="urgent")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "assigned" and body["advisor"] == advisor.pk
    assert body["candidates"] is None  # the enterprise never sees the candidates
    pk = body["id"]
    staff = api(world.a.users[Role.ZONE_OFFICIAL], "get", f"/requests/{pk}").json()
    assert staff["candidates"][0]["name"] == "万飞"
    assert isinstance(staff["candidates"][0]["rating"], str)
    adv = advisor.expert.user
    assert api(adv, "post", f"/requests/{pk}/accept").json()["status"] == "accepted"
    assert api(adv, "post", f"/requests/{pk}/accept").status_code == 409
    when = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    done = api(adv, "post", f"/requests/{pk}/schedule", {"when": when, "location": "线上"})
    assert done.json()["status"] == "scheduled"
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    refused = api(adv, "post", f"/requests/{pk}/schedule", {"when": past, "location": "线上"})
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["field"] == "scheduled_for"
    assert api(adv, "post", f"/requests/{pk}/complete", {"outcome": " "}).status_code == 422
    assert api(adv, "post", f"/requests/{pk}/complete", {"outcome": "好"}).status_code == 200
    member = world.a.users[Role.ENTERPRISE_USER]
    assert api(member, "post", f"/requests/{pk}/rate", {"stars": True}).status_code == 422
    assert api(member, "post", f"/requests/{pk}/rate", {"stars": 6}).status_code == 422
    rated = api(member, "post", f"/requests/{pk}/rate", {"stars": 5, "comment": "好"})
    assert rated.json()["rating"] == 5 and rated.json()["status"] == "rated"


def test_scope_roles_and_filters(world, advisor):
    pk = _file(world).json()["id"]
    assert api(world.b.users[Role.ZONE_OFFICIAL], "get", f"/requests/{pk}").status_code == 404
    assert api(world.a.users[Role.AUDITOR], "get", "/requests").status_code == 403
    official = world.a.users[Role.ZONE_OFFICIAL]
    listed = api(official, "get", "/requests?status=assigned").json()
    assert [r["id"] for r in listed["items"]] == [pk]
    assert api(official, "get", "/requests?overdue=true").json()["items"] == []
    assert api(world.b.users[Role.ZONE_OFFICIAL], "get", "/requests").json()["items"] == []
    bad = _file(world, domain=True)
    assert bad.status_code == 422
    unknown = _file(world, domain=999999)
    assert unknown.status_code == 422


def test_reassign_and_settings(world, advisor):
    pk = _file(world).json()["id"]
    official = world.a.users[Role.ZONE_OFFICIAL]
    other = advisor_with_account(world.a.zone, ["compliance"])
    moved = api(official, "post", f"/requests/{pk}/reassign", {"advisor": other.pk, "reason": "x"})
    assert moved.status_code == 200 and moved.json()["advisor"] == other.pk
    blank = api(official, "post", f"/requests/{pk}/reassign", {"reason": "  "})
    assert blank.status_code == 422
    assert api(official, "get", "/settings").json()["first_response_days"] == 2
    put = api(
        official, "put", "/settings", {"first_response_days": 4, "urgent_first_response_days": 2}
    )
    assert put.status_code == 200 and put.json()["first_response_days"] == 4
    wrong = api(
        official, "put", "/settings", {"first_response_days": 1, "urgent_first_response_days": 2}
    )
    assert wrong.status_code == 422
    assert api(world.a.users[Role.PARK_OPERATOR], "get", "/settings").status_code == 403
