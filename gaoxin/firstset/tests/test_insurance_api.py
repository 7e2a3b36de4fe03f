"""The insurance API: registration and its refusals (422 naming the field, both date ranges),
verification (409 without proof), claims with the rulebook's trace, scoping."""

import json

import pytest
from django.test import Client

from gaoxin.accounts.choices import Role
from gaoxin.firstset import services_insurance as services

from .factories_insurance import (
    TODAY,
    insurance_round,
    insured_qualification,
    matrix_policy_body,
    registered_policy,
)

pytestmark = pytest.mark.django_db
EU, ZO = Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL


def _client(user):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_register_then_read_it(world):
    client = _client(world.a.users[EU])
    body = matrix_policy_body(world)
    response = _post(client, "/api/firstset/insurance-policies", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "registered" and data["rate"] == "0.020000"
    assert data["has_proof"] is False
    one = client.get(f"/api/firstset/insurance-policies/{data['id']}")
    assert one.json()["number"] == "PA-MATRIX-1"


def test_a_policy_outside_the_window_is_422_with_both_ranges(world):
    body = {**matrix_policy_body(world), "starts_on": "2027-03-01", "ends_on": "2028-02-29"}
    response = _post(_client(world.a.users[EU]), "/api/firstset/insurance-policies", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "outside_window"
    assert "2025-01-01 to 2027-12-31" in error["message"]
    assert error["fields"][0]["field"] == "ends_on"


def test_verify_without_proof_is_409_and_with_proof_verifies(world):
    q = insured_qualification(world, insurance_round(world))
    bare = registered_policy(world, q, with_proof=False)
    client = _client(world.a.users[ZO])
    path = f"/api/firstset/insurance-policies/{bare.pk}/verify"
    response = _post(client, path, {"reason": "核对"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_proof"
    paid = registered_policy(world, q)
    path = f"/api/firstset/insurance-policies/{paid.pk}/verify"
    response = _post(client, path, {"reason": "核对"})
    assert response.status_code == 200 and response.json()["status"] == "verified"


def test_claims_are_scoped_and_carry_the_trace(world):
    q = insured_qualification(world, insurance_round(world))
    policy = registered_policy(world, q)
    claim = services.claim_start(
        actor=world.a.users[EU], qualification=q, policies=[policy], today=TODAY
    )
    client = _client(world.a.users[ZO])
    listed = client.get("/api/firstset/claims").json()
    assert [c["id"] for c in listed["items"]] == [claim.pk]
    detail = client.get(f"/api/firstset/claims/{claim.pk}").json()
    assert detail["policies"][0]["number"] == policy.number and detail["cap"] == "2160000.00"
    assert _client(world.b.users[ZO]).get(f"/api/firstset/claims/{claim.pk}").status_code == 404
    assert _client(world.b.users[ZO]).get("/api/firstset/claims").json()["items"] == []
