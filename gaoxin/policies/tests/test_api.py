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


# --- what if, one policy, its matches ------------------------------------------------------


def _high_rnd(world):
    """World A's enterprise meets RND: R&D 3.5 % of last year's revenue, 高新技术企业."""
    import datetime
    from decimal import Decimal

    from gaoxin.enterprises.tests.factories import QualificationFactory, YearlyFactFactory

    YearlyFactFactory(
        enterprise=world.a.enterprise,
        year=datetime.date.today().year - 1,
        revenue=Decimal("100000000"),
        rnd_expense=Decimal("3500000"),
    )
    QualificationFactory(enterprise=world.a.enterprise, kind="high_tech")


def what_if(client, body):
    return client.post(
        "/api/policies/calculator/what-if", json.dumps(body), content_type="application/json"
    )


def test_what_if_answers_the_calculation_and_the_changes(world, policy):
    from gaoxin.audit.models import AuditEvent

    _high_rnd(world)
    client = Client()
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    events = AuditEvent.objects.count()
    response = what_if(client, {"facts": {"rnd_expense": "1000000"}})
    body = response.json()
    assert response.status_code == 200
    assert body["enterprise"]["id"] == world.a.enterprise.pk
    assert body["results"][0]["status"] == "not_met" and body["results"][0]["version"] == 1
    changes = body["changes"]
    assert {"key": "rnd_expense", "before": "3500000.00", "after": "1000000"} in changes["facts"]
    assert {"key": "rnd_ratio", "before": "3.50", "after": "1.00"} in changes["facts"]
    assert changes["policies"] == [
        {
            "policy": {"id": policy.pk, "title": policy.title},
            "version": 1,
            "change": "stops",
            "status_before": "met",
            "status_after": "not_met",
            "amount_before": "350000.00",
            "amount_after": None,
        }
    ]
    assert (changes["total_before"], changes["total_after"], changes["total_change"]) == (
        "350000.00",
        "0",
        "-350000.00",
    )
    assert AuditEvent.objects.count() == events  # nothing saved, nothing audited


def test_what_if_takes_json_numbers_as_decimals_and_null_as_unknown(world, policy):
    _high_rnd(world)
    client = Client()
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    body = what_if(
        client,
        {
            "enterprise": world.a.enterprise.pk,
            "as_of": "2026-06-30",
            "facts": {"rnd_ratio": 2.95, "qualifications": ["high_tech", "srdi"]},
        },
    ).json()
    assert body["as_of"] == "2026-06-30"
    assert body["results"][0]["status"] == "nearly_met"
    assert {"key": "rnd_ratio", "before": "3.50", "after": "2.95"} in body["changes"]["facts"]
    unknown = what_if(client, {"enterprise": world.a.enterprise.pk, "facts": {"rnd_ratio": None}})
    assert unknown.json()["results"][0]["status"] == "unknown"


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"rnd_expense": "lots"}, "facts.rnd_expense"),
        ({"rnd_expense": -1}, "facts.rnd_expense"),
        ({"qualifications": "high_tech;srdi"}, "facts.qualifications"),
        ({"stage": 3}, "facts.stage"),
        ({"nope": 1}, "facts.nope"),
    ],
)
def test_what_if_refuses_bad_values_naming_them(world, policy, facts, field):
    client = Client()
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    response = what_if(client, {"facts": facts})
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]


def test_what_if_bad_body_and_date(world, policy):
    client = Client()
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    response = client.post("/api/policies/calculator/what-if", "{", content_type="application/json")
    assert response.status_code == 400
    assert what_if(client, {"facts": [1]}).status_code == 400
    bad_date = what_if(client, {"as_of": "2026-02-30", "facts": {}})
    assert bad_date.status_code == 422 and bad_date.json()["error"]["fields"][0]["field"] == "as_of"


def test_what_if_is_scoped(world, policy):
    client = Client()
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    assert what_if(client, {"enterprise": world.a.enterprise.pk, "facts": {}}).status_code == 404
    client.force_login(world.a.users[Role.AUDITOR])
    assert what_if(client, {"enterprise": world.a.enterprise.pk, "facts": {}}).status_code == 403


def test_one_policy_is_public_with_articles_and_version(world, policy):
    import datetime

    from gaoxin.policies.services import version_publish

    version_publish(
        actor=None,
        policy=policy,
        criteria={">=": [{"var": "rnd_ratio"}, 4]},
        formula=None,
        effective_from=datetime.date(2026, 1, 1),
    )
    body = Client().get(f"/api/policies/{policy.pk}").json()
    assert body["status"] == "published" and body["title"] == policy.title
    assert body["articles"] == [{"number": "第三条", "text": "研发投入占比不低于3%。"}]
    assert body["version"]["number"] == 2
    assert body["version"]["criteria"] == {">=": [{"var": "rnd_ratio"}, 4]}
    old = Client().get(f"/api/policies/{policy.pk}", {"as_of": "2025-06-30"}).json()
    assert old["version"]["number"] == 1 and old["version"]["effective_to"] == "2025-12-31"
    assert old["version"]["formula"] == RND_FORMULA
    before = Client().get(f"/api/policies/{policy.pk}", {"as_of": "2020-01-01"}).json()
    assert before["version"] is None


def test_one_policy_404_for_a_draft_or_unknown(world):
    from gaoxin.policies.services import policy_create

    data = {"title": "草稿", "issuing_body": "x"}
    draft = policy_create(actor=None, zone=world.a.zone, data=data)
    assert Client().get(f"/api/policies/{draft.pk}").status_code == 404
    assert Client().get("/api/policies/999999").status_code == 404


def test_matches_in_scope_with_amounts(world, policy):
    from gaoxin.enterprises.tests.factories import EnterpriseFactory, QualificationFactory

    _high_rnd(world)
    outside_park = EnterpriseFactory(zone=world.a.zone, park=None, name="园区外企业有限公司")
    QualificationFactory(enterprise=outside_park, kind="high_tech")  # no figures: unknown
    client = Client()
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    body = client.get(f"/api/policies/{policy.pk}/matches").json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": world.a.enterprise.pk,
            "name": world.a.enterprise.name,
            "uscc": world.a.enterprise.uscc,
            "amount": "350000.00",
        }
    ]
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    assert client.get(f"/api/policies/{policy.pk}/matches").json()["count"] == 1
    world.a.enterprise.park = None
    world.a.enterprise.save()
    assert client.get(f"/api/policies/{policy.pk}/matches").json()["count"] == 0  # not its park


def test_matches_paginate(world, policy):
    import datetime
    from decimal import Decimal

    from gaoxin.enterprises.tests.factories import (
        EnterpriseFactory,
        QualificationFactory,
        YearlyFactFactory,
    )

    for _ in range(3):
        enterprise = EnterpriseFactory(zone=world.a.zone)
        YearlyFactFactory(
            enterprise=enterprise,
            year=datetime.date.today().year - 1,
            revenue=Decimal(100),
            rnd_expense=Decimal(5),
        )
        QualificationFactory(enterprise=enterprise, kind="high_tech")
    client = Client()
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    page = client.get(f"/api/policies/{policy.pk}/matches", {"page": 2, "page_size": 2}).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    assert page["items"][0]["amount"] == "0.50"


def test_matches_refuse_other_roles_zones_and_dates(world, policy):
    client = Client()
    for role in (Role.ENTERPRISE_USER, Role.PROVINCIAL_REVIEWER, Role.AUDITOR, Role.ADVISOR):
        client.force_login(world.a.users[role])
        assert client.get(f"/api/policies/{policy.pk}/matches").status_code == 403
    for role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        client.force_login(world.b.users[role])
        assert client.get(f"/api/policies/{policy.pk}/matches").status_code == 404
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    assert client.get("/api/policies/999999/matches").status_code == 404
    early = client.get(f"/api/policies/{policy.pk}/matches", {"as_of": "2020-01-01"})
    assert early.status_code == 404
    assert client.get(f"/api/policies/{policy.pk}/matches", {"as_of": "x"}).status_code == 422
