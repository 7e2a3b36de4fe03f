import json

import pytest
from django.test import Client

from gaoxin.accounts.choices import Role

from .conftest import RND, RND_FORMULA

pytestmark = pytest.mark.django_db


def post(client, body):
    return client.post("/api/policies/evaluate", json.dumps(body), content_type="application/json")


def test_list_is_public(policy):
    data = Client().get("/api/policies").json()
    assert [p["title"] for p in data] == [policy.title]
    assert data[0]["tags"] == ["研发", "补助"]


def test_evaluate_explains_the_gap():
    facts = {"rnd_ratio": 2.5, "rnd_expense": 900000, "qualifications": ["high_tech"]}
    body = post(Client(), {"criteria": RND, "formula": RND_FORMULA, "facts": facts}).json()
    assert body["status"] == "nearly_met"
    assert body["clauses"][0]["article"] == "第三条"
    assert body["clauses"][0]["gap"] == "0.5"
    assert body["amount"] == "90000.00"


def test_evaluate_reports_missing_facts():
    body = post(Client(), {"criteria": RND, "facts": {"qualifications": ["high_tech"]}}).json()
    assert body["status"] == "unknown" and body["missing"] == ["rnd_ratio"]


def test_invalid_criteria_are_422_naming_the_clause():
    response = post(Client(), {"criteria": {"and": [{">": [{"var": "nope"}, 1]}]}, "facts": {}})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "criteria.and[0].>[0]"


def test_calculator_is_scoped(world, policy):
    from gaoxin.enterprises.tests.factories import QualificationFactory

    QualificationFactory(enterprise=world.a.enterprise, kind="high_tech")
    client = Client()
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    data = client.get("/api/policies/calculator").json()
    assert data["enterprise"]["id"] == world.a.enterprise.pk
    assert data["results"][0]["status"] == "unknown"
    response = client.get(f"/api/policies/calculator?enterprise={world.b.enterprise.pk}")
    assert response.status_code == 404
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    response = client.get(f"/api/policies/calculator?enterprise={world.a.enterprise.pk}")
    assert response.status_code == 200
    client.force_login(world.a.users[Role.AUDITOR])
    assert client.get("/api/policies/calculator").status_code == 403
