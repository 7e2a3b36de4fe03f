"""The reporting API: the same checks and the same services as the pages, the one error body
of config/api.py, another zone's campaign 404, other roles 403 (the full matrix is in
tests/test_api_permission_matrix.py)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.enterprises import services as registry
from gaoxin.enterprises.choices import RecordStatus
from gaoxin.enterprises.models import FactRecord
from gaoxin.reporting.choices import CampaignStatus
from gaoxin.reporting.models import Campaign

from .conftest import FULL, OPENED_ON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: OPENED_ON)


def api(user, method, path, body=None):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(f"/api/reporting{path}", **kwargs)


def test_open_a_campaign_and_read_its_progress(zone):
    response = api(
        zone.official,
        "post",
        "",
        {"year": 2025, "required": ["revenue", "employees"], "working_days": 20},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["deadline"] == "2026-03-30" and body["required"] == ["revenue", "employees"]
    assert body["progress"]["total"] == 3 and body["progress"]["reported"] == 0
    assert body["progress"]["text"] == "2025: 0 of 3 enterprises reported"
    listed = api(zone.official, "get", "").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 2025, "required": [], "working_days": 20}, "required"),
        ({"year": 2025, "required": ["profit"], "working_days": 20}, "required.0"),
        ({"year": 1800, "required": ["revenue"], "working_days": 20}, "year"),
        ({"year": 2025, "required": ["revenue"], "working_days": 0}, "working_days"),
    ],
)
def test_bad_input_is_422_naming_the_field(zone, body, field):
    """The schema states these ranges (docs/api.md), so they are refused before the service."""
    response = api(zone.official, "post", "", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert {f["field"] for f in error["fields"]} == {field} and error["message"]
    assert not Campaign.objects.exists()


def test_a_missing_field_is_422(zone):
    response = api(zone.official, "post", "", {"year": 2025})
    assert response.status_code == 422
    assert {f["field"] for f in response.json()["error"]["fields"]} >= {"required", "working_days"}


def test_rows_filter_verify_and_close(zone, campaign):
    record = registry.yearly_fact_upsert(
        actor=zone.users["yi"], enterprise=zone.yi, year=2025, data=dict(FULL)
    )
    rows = api(zone.official, "get", f"/{campaign.pk}/rows?status=pending").json()
    assert rows["count"] == 1
    (row,) = rows["items"]
    assert row["enterprise_id"] == zone.yi.pk and row["status"] == "pending"
    assert row["pending_record_id"] == record.pk
    assert api(zone.official, "get", f"/{campaign.pk}/rows").json()["count"] == 3
    verified = api(zone.official, "post", f"/{campaign.pk}/verify", {"ids": [record.pk]})
    assert verified.status_code == 200 and verified.json() == {"verified": 1}
    assert FactRecord.objects.get(pk=record.pk).status == RecordStatus.VERIFIED
    again = api(zone.official, "post", f"/{campaign.pk}/verify", {"ids": [record.pk]})
    # no longer awaiting verification: the state refuses it (409), naming the field
    assert again.status_code == 409 and again.json()["error"]["fields"][0]["field"] == "ids"
    detail = api(zone.official, "get", f"/{campaign.pk}").json()
    assert detail["progress"]["verified"] == 1 and detail["overdue"] == []
    closed = api(zone.official, "post", f"/{campaign.pk}/close", {"reason": "截止"})
    assert closed.status_code == 200 and closed.json()["status"] == CampaignStatus.CLOSED
    twice = api(zone.official, "post", f"/{campaign.pk}/close", {"reason": ""})
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "invalid_transition"


def test_verify_matching_with_none_matching_is_409(zone, campaign):
    response = api(zone.official, "post", f"/{campaign.pk}/verify-matching")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_pending"


def test_the_overdue_list_after_the_deadline(zone, campaign, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 3, 31))
    body = api(zone.official, "get", f"/{campaign.pk}").json()
    assert body["progress"]["past_deadline"] and body["progress"]["overdue_count"] == 3
    assert {e["id"] for e in body["overdue"]} == {e.pk for e in zone.members}


def test_tasks_for_the_enterprise_user(zone, campaign):
    (task,) = api(zone.users["bing"], "get", "/tasks").json()
    assert task["year"] == 2025 and task["status"] == "not_yet"
    # today (the opening day, a Monday) counts as one of the days left
    assert task["deadline"] == "2026-03-30" and task["working_days_left"] == 21
    assert api(zone.users["partner"], "get", "/tasks").json() == []
    assert api(zone.official, "get", "/tasks").status_code == 403


def test_another_zone_gets_404_and_other_roles_403(zone, campaign):
    other = zone.world.b.users[Role.ZONE_OFFICIAL]
    assert api(other, "get", f"/{campaign.pk}").status_code == 404
    assert api(other, "post", f"/{campaign.pk}/close", {}).status_code == 404
    assert api(other, "get", "").json()["count"] == 0
    for role in (Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER):
        response = api(zone.world.a.users[role], "get", f"/{campaign.pk}")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert Client().get("/api/reporting").status_code == 401
