"""GET /api/firstset/verify/{code}: public, no amounts, 404 for an unknown code, 429 past the
anonymous limit."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from gaoxin.accounts.choices import Role
from gaoxin.firstset import certificates
from gaoxin.firstset.workflows import QUALIFICATION

from .factories_certificates import days, qualified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limit():
    cache.clear()
    yield
    cache.clear()


def test_a_valid_code(api, world):
    q = qualified(world.a.enterprise)
    response = api().get(f"/firstset/verify/{q.verify_code}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid"
    assert body["enterprise"] == world.a.enterprise.name
    assert body["item"] == "重载工业机器人"
    assert body["insured"] is True
    assert body["valid_to"] == q.valid_to.isoformat()
    assert [m["model_name"] for m in body["models"]] == ["HT-RB800", "HT-RB800A"]
    assert body["models"][1]["improved_from"] == "HT-RB800"
    assert body["revoked_on"] is None
    assert body["sample"] is True  # the robot entry of the tests is a sample entry
    # no cap, no amounts
    assert not {"cap", "used", "remaining", "sum_insured", "premium"} & set(body)
    assert "5000000" not in response.content.decode()


def test_revoked_expired_uninsured(api, world):
    revoked = qualified(world.a.enterprise)
    QUALIFICATION.apply(
        revoked, "revoke", actor=world.a.users[Role.PROVINCIAL_REVIEWER], summary="x", reason="y"
    )
    expired = qualified(world.a.enterprise, valid_from=days(-900), valid_to=days(-1))
    uninsured = qualified(world.a.enterprise, policy=False)
    body = api().get(f"/firstset/verify/{revoked.verify_code}").json()
    assert body["status"] == "revoked" and body["revoked_on"]
    assert api().get(f"/firstset/verify/{expired.verify_code}").json()["status"] == "expired"
    body = api().get(f"/firstset/verify/{uninsured.verify_code}").json()
    assert body["status"] == "valid" and body["insured"] is False


def test_an_unknown_code_is_404(api, db):
    response = api().get("/firstset/verify/NOPE123")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_malformed_code_is_422(api, db):
    assert api().get("/firstset/verify/%20bad%20code").status_code == 422


def test_anonymous_lookups_are_rate_limited(api, db):
    for _ in range(certificates.LOOKUPS_PER_WINDOW):
        api().get("/firstset/verify/NOPE123")
    response = api().get("/firstset/verify/NOPE123")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_lookups"
