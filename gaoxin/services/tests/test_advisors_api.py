"""The advisors API: the pool, one advisor, appointing and changing, availability (the advisor
themself, not another), the domains and the three reports."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.experts.tests.factories import ExpertFactory

from ..models import Advisor, ServiceDomain
from .factories_advisors import aware, domain, make_advisor, make_request

pytestmark = pytest.mark.django_db
ZO, PO, PR, EU, AD = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
)


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method, path, body):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def test_the_pool_and_one_advisor(world):
    advisor = make_advisor(world.a, name="万飞", codes=("compliance", "device_registration"))
    make_request(world.a, advisor, status="rated", rating=4, rated_at=timezone.now())
    make_request(world.a, advisor, status="rated", rating=5, rated_at=timezone.now())
    listing = api(world.a.users[EU]).get("/api/services/advisors").json()
    assert listing["count"] == 1
    item = listing["items"][0]
    assert item["name"] == "万飞" and item["rating"] == "4.50" and item["rating_count"] == 2
    assert {d["code"] for d in item["domains"]} == {"compliance", "device_registration"}
    assert api(world.b.users[EU]).get("/api/services/advisors").json()["count"] == 0
    one = api(world.a.users[PR]).get(f"/api/services/advisors/{advisor.pk}")
    assert one.status_code == 200 and one.json()["available"] is True
    assert api(world.b.users[ZO]).get(f"/api/services/advisors/{advisor.pk}").status_code == 404
    assert Client().get("/api/services/advisors").status_code == 401
    assert api(world.a.users[Role.AUDITOR]).get("/api/services/advisors").status_code == 403


def test_appoint_change_and_refusals(world):
    expert = ExpertFactory(zone=world.a.zone)
    body = {
        "expert": expert.pk,
        "domains": [domain("capital").pk],
        "term_start": "2025-04-25",
        "max_load": 3,
    }
    assert send(api(world.a.users[PO]), "post", "/api/services/advisors", body).status_code == 403
    assert send(api(world.b.users[ZO]), "post", "/api/services/advisors", body).status_code == 422
    bad = send(api(world.a.users[ZO]), "post", "/api/services/advisors", {**body, "expert": True})
    assert bad.status_code == 422
    created = send(api(world.a.users[ZO]), "post", "/api/services/advisors", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    again = send(api(world.a.users[ZO]), "post", "/api/services/advisors", body)
    assert again.status_code == 422 and again.json()["error"]["fields"][0]["field"] == "expert"
    patch = send(
        api(world.a.users[ZO]),
        "patch",
        f"/api/services/advisors/{pk}",
        {"max_load": 6, "domains": [domain("capital").pk, domain("bank_credit").pk]},
    )
    assert patch.status_code == 200 and patch.json()["max_load"] == 6
    assert len(patch.json()["domains"]) == 2
    path = f"/api/services/advisors/{pk}"
    assert send(api(world.a.users[EU]), "patch", path, {"max_load": 2}).status_code == 403
    assert send(api(world.b.users[ZO]), "patch", path, {"max_load": 2}).status_code == 404
    assert Advisor.objects.get(pk=pk).max_load == 6


def test_availability_by_the_advisor_themself_only(world):
    me = world.a.users[AD]
    mine = make_advisor(world.a, user=me)
    other = make_advisor(world.a)
    until = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    body = {"available": False, "unavailable_until": until, "reason": "出差"}
    ok = send(api(me), "post", f"/api/services/advisors/{mine.pk}/availability", body)
    assert ok.status_code == 200 and ok.json()["available"] is False
    refused = send(api(me), "post", f"/api/services/advisors/{other.pk}/availability", body)
    assert refused.status_code == 403
    no_reason = send(
        api(world.a.users[ZO]),
        "post",
        f"/api/services/advisors/{other.pk}/availability",
        {"available": False},
    )
    assert no_reason.status_code == 422


def test_domains(world):
    listing = api(world.a.users[PO]).get("/api/services/domains?page_size=100").json()
    assert listing["count"] == ServiceDomain.objects.count()
    body = {"code": "export_control", "name": "出口管制合规", "parent": domain("compliance").pk}
    assert send(api(world.a.users[PO]), "post", "/api/services/domains", body).status_code == 403
    created = send(api(world.a.users[ZO]), "post", "/api/services/domains", body)
    assert created.status_code == 201 and created.json()["parent"] == domain("compliance").pk
    deeper = {"code": "deeper", "name": "更细", "parent": created.json()["id"]}
    assert send(api(world.a.users[ZO]), "post", "/api/services/domains", deeper).status_code == 422
    assert api(world.a.users[EU]).get("/api/services/domains").status_code == 403


def test_reports(world):
    advisor = make_advisor(world.a, name="万飞")
    make_request(
        world.a,
        advisor,
        status="rated",
        created_at=aware(2026, 3, 2),
        responded_at=aware(2026, 3, 3),
        completed_at=aware(2026, 3, 10),
        rating=5,
        rated_at=aware(2026, 3, 11),
    )
    client = api(world.a.users[ZO])
    rows = client.get("/api/services/reports/advisors?date_from=2026-01-01&date_to=2026-12-31")
    assert rows.json() == [
        {
            "advisor": advisor.pk,
            "name": "万飞",
            "open": 0,
            "completed": 1,
            "overdue": 0,
            "response_days": "1.0",
            "rating": "5.00",
            "rating_count": 1,
            "consultations": 0,
            "seminars": 0,
        }
    ]
    domains = client.get("/api/services/reports/domains?year=2026").json()
    assert domains == [
        {
            "month": 3,
            "key": domain("compliance").pk,
            "name": "合规运营",
            "created": 1,
            "completed": 1,
            "consultations": 0,
            "attendance": 0,
        }
    ]
    parks = client.get("/api/services/reports/parks?year=2026").json()
    assert parks[0]["key"] == world.a.park.pk
    assert api(world.a.users[EU]).get("/api/services/reports/parks").status_code == 403
    assert api(world.b.users[ZO]).get("/api/services/reports/parks?year=2026").json() == []
