"""The investment API: leads (filters, create, get, update), moves (409 when refused),
signing, settling, signings and the funnel, from the right organisation and the wrong one."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.tests.factories import new_uscc

from ..models import Lead
from .factories import make_event, make_lead, make_segment, negotiating_lead, signed_lead

pytestmark = pytest.mark.django_db

PO, ZO, PR = Role.PARK_OPERATOR, Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER


def api(user, method, path, body=None):
    client = Client()
    client.force_login(user)
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(f"/api/investment{path}", **kwargs)


def test_create_get_update_and_list_with_filters(world):
    segment = make_segment(world.a)
    operator = world.a.users[PO]
    created = api(
        operator,
        "post",
        "/leads",
        {
            "firm_name": "接口录入企业",
            "source": "agency",
            "park": world.a.park.pk,
            "segment": segment.pk,
            "expected_investment": "12000000.50",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["expected_investment"] == "12000000.50" and body["status"] == "contact"
    assert body["owner"] == operator.pk
    got = api(world.a.users[PR], "get", f"/leads/{body['id']}")
    assert got.status_code == 200 and got.json()["segment_name"] == "医学影像设备"
    patched = api(operator, "patch", f"/leads/{body['id']}", {"contact_name": "王经理"})
    assert patched.status_code == 200 and patched.json()["contact_name"] == "王经理"
    assert api(world.a.users[PR], "patch", f"/leads/{body['id']}", {"note": "x"}).status_code == 403
    listed = api(operator, "get", f"/leads?segment={segment.pk}&status=contact")
    assert [row["firm_name"] for row in listed.json()["items"]] == ["接口录入企业"]
    assert api(operator, "get", "/leads?status=signed").json()["items"] == []


def test_another_organisation_gets_404_and_cannot_use_its_park(world):
    lead = make_lead(world.a)
    other = world.b.users[PO]
    assert api(other, "get", f"/leads/{lead.pk}").status_code == 404
    move = {"name": "visit", "note": "x"}
    assert api(other, "post", f"/leads/{lead.pk}/transitions", move).status_code == 404
    refused = api(
        other, "post", "/leads", {"firm_name": "越权", "source": "other", "park": world.a.park.pk}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["field"] == "park"
    assert api(world.a.users[Role.ENTERPRISE_USER], "get", "/leads").status_code == 403


def test_moves_answer_409_when_the_workflow_refuses(world):
    lead = make_lead(world.a)
    operator = world.a.users[PO]
    moved = api(
        operator,
        "post",
        f"/leads/{lead.pk}/transitions",
        {"name": "visit", "note": "考察", "next_follow_up": "2030-01-02"},
    )
    assert moved.status_code == 200 and moved.json()["status"] == "visit"
    assert moved.json()["next_follow_up"] == "2030-01-02"
    again = api(operator, "post", f"/leads/{lead.pk}/transitions", {"name": "visit", "note": "x"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"
    own = api(operator, "post", f"/leads/{lead.pk}/transitions", {"name": "sign", "note": "x"})
    assert own.status_code == 422  # sign and settle have their own operations
    blank = api(operator, "post", f"/leads/{lead.pk}/transitions", {"name": "drop", "note": " "})
    assert blank.status_code == 422


def test_signing_and_settling(world):
    event = make_event(world.a)
    lead = negotiating_lead(world.a)
    operator = world.a.users[PO]
    signed = api(
        operator,
        "post",
        f"/leads/{lead.pk}/signing",
        {"signed_on": "2025-04-25", "amount": "30000000", "event": event.pk, "note": "签约"},
    )
    assert signed.status_code == 201, signed.content
    assert signed.json()["event_title"] == event.title and not signed.json()["has_agreement"]
    twice = api(
        operator,
        "post",
        f"/leads/{lead.pk}/signing",
        {"signed_on": "2025-04-25", "amount": "1", "note": "再签"},
    )
    assert twice.status_code == 409
    bad = api(
        operator, "post", f"/leads/{lead.pk}/settle", {"uscc": "91410100MA12345678", "note": "落地"}
    )
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "uscc"
    settled = api(
        operator, "post", f"/leads/{lead.pk}/settle", {"uscc": new_uscc("410171"), "note": "落地"}
    )
    assert settled.status_code == 200 and settled.json()["status"] == "settled"
    assert settled.json()["enterprise"]
    signings = api(world.a.users[ZO], "get", "/signings?year=2025").json()["items"]
    assert [s["amount"] for s in signings] == ["30000000.00"]
    assert api(world.b.users[ZO], "get", "/signings").json()["items"] == []


def test_nulls_mean_empty_text_or_unchanged(world):
    operator = world.a.users[PO]
    body = {
        "firm_name": "空值企业",
        "source": "chain",
        "owner": None,
        "contact_phone": None,
        "uscc": None,
        "park": world.a.park.pk,
        "contact_on": None,
    }
    created = api(operator, "post", "/leads", body)
    assert created.status_code == 201, created.content
    assert created.json()["owner"] == operator.pk and created.json()["contact_phone"] == ""
    lead_id = created.json()["id"]
    patched = api(
        operator,
        "patch",
        f"/leads/{lead_id}",
        {"firm_name": None, "note": None, "expected_output": "5000000.00"},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["firm_name"] == "空值企业"
    assert patched.json()["expected_output"] == "5000000.00"


def test_the_funnel(world):
    signed_lead(world.a)
    make_lead(world.a, firm="新线索")
    rows = api(world.a.users[ZO], "get", "/funnel").json()
    assert [(r["status"], r["reached"], r["current"]) for r in rows[:4]] == [
        ("contact", 2, 1),
        ("visit", 1, 0),
        ("negotiation", 1, 0),
        ("signed", 1, 1),
    ]
    assert rows[1]["conversion"] == "50.0"
    assert {r["reached"] for r in api(world.b.users[ZO], "get", "/funnel").json()} == {0}
    assert Lead.objects.count() == 2 and Decimal(rows[1]["conversion"]) == Decimal("50.0")
