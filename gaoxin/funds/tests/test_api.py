"""The fund API as a program uses it: a personal token, decimal strings, the idempotency key."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gaoxin.accounts.tests.api_client import ApiClient

from .factories import make_commitment, make_fund


@pytest.fixture
def api(official):
    return ApiClient(official)


def pay(api, fund, body, key="k-1"):
    headers = dict(api.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    return api.client.post(
        f"/api/funds/{fund.pk}/disbursements",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def test_funds_and_commitments_as_decimal_strings(api, commitment):
    fund = commitment.fund
    listed = api.get("/funds").json()
    assert listed["count"] == 1
    body = api.get(f"/funds/{fund.pk}").json()
    assert body["budget"] == "1000000.00" and body["committed"] == "200000.00"
    assert body["paid"] == "0.00" and body["remaining"] == "800000.00"
    assert body["per_enterprise_cap"] == "300000.00"
    items = api.get(f"/funds/{fund.pk}/commitments").json()["items"]
    assert items[0]["id"] == commitment.pk and items[0]["remaining"] == "200000.00"
    assert items[0]["enterprise"] == commitment.enterprise_id


def test_a_disbursement_is_paid_once_per_key(api, commitment):
    fund = commitment.fund
    body = {"commitment": commitment.pk, "amount": "1500.50", "reference": "GK-1"}
    first = pay(api, fund, body)
    assert first.status_code == 201, first.content
    entry = first.json()
    assert entry["kind"] == "disbursement" and entry["amount"] == "1500.50"
    assert entry["commitment_remaining"] == "198499.50"
    again = pay(api, fund, body)
    assert again.status_code == 200 and again.json()["id"] == entry["id"]
    fund.refresh_from_db()
    assert fund.paid == Decimal("1500.50")
    reused = pay(api, fund, {**body, "amount": "2000"})
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"


def test_over_the_commitment_is_a_409_in_the_one_error_shape(api, commitment):
    body = {"commitment": commitment.pk, "amount": "200000.01", "reference": "GK-1"}
    response = pay(api, commitment.fund, body)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "over_commitment" and "200,000.01" in error["message"]
    assert error["fields"][0]["field"] == "amount"


def test_the_idempotency_key_is_required(api, commitment):
    body = {"commitment": commitment.pk, "amount": "1", "reference": "GK-1"}
    response = pay(api, commitment.fund, body, key=None)
    assert response.status_code == 422
    assert "Idempotency-Key" in [f["field"] for f in response.json()["error"]["fields"]]


@pytest.mark.parametrize("amount", ["1.001", "-5", "abc", "0"])
def test_a_bad_amount_names_the_field(api, commitment, amount):
    body = {"commitment": commitment.pk, "amount": amount, "reference": "GK-1"}
    response = pay(api, commitment.fund, body)
    assert response.status_code in (400, 422)
    assert "amount" in [f["field"] for f in response.json()["error"]["fields"]]


def test_a_commitment_of_another_fund_is_404(api, commitment, world):
    other = make_fund(world.a.zone, title="另一项政策")
    make_commitment(other, world.a.enterprise, "1000")
    body = {"commitment": commitment.pk, "amount": "1", "reference": "GK-1"}
    assert pay(api, other, body).status_code == 404
