from decimal import Decimal

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.models import Enterprise, YearlyFact
from gaoxin.enterprises.tests.conftest import valid_enterprise_data
from gaoxin.enterprises.tests.factories import (
    ContactFactory,
    EnterpriseFactory,
    QualificationFactory,
    YearlyFactFactory,
)

pytestmark = pytest.mark.django_db


def create_body(**overrides):
    data = valid_enterprise_data(**overrides)
    if "park" in data:
        data["park_id"] = data.pop("park")
    return data


def test_list_is_paginated_with_count_and_filters(api, world):
    for i in range(30):
        EnterpriseFactory(name=f"接口企业{i:02d}", zone=world.a.zone, is_sample=i % 2 == 0)
    client = api(world.a.users[Role.ZONE_OFFICIAL])
    body = client.get("/enterprises", page_size=10, page=2).json()
    assert body["count"] == 31
    assert len(body["items"]) == 10
    assert {"id", "name", "uscc", "is_sample", "park_name", "stage_label"} <= set(body["items"][0])
    filtered = client.get("/enterprises", q="接口企业", sample="true").json()
    assert filtered["count"] == 15
    assert all(item["is_sample"] for item in filtered["items"])
    assert client.get("/enterprises", page_size=201).status_code == 422
    assert client.get("/enterprises", stage="bogus").status_code == 422
    assert client.get("/enterprises", sort="-name").json()["items"][0]["name"] == "接口企业29"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_list_row_says_what_the_detail_says(api, world, language):
    """The list's rows are built from values, the detail from the instance: the same fields,
    the same values, the stage in the language asked for, with and without a park."""
    in_park = EnterpriseFactory(zone=world.a.zone, park=world.a.park, stage="pilot")
    no_park = EnterpriseFactory(zone=world.a.zone, park=None, stage="")
    legacy = EnterpriseFactory(zone=world.a.zone)
    Enterprise.objects.filter(pk=legacy.pk).update(stage="legacy")  # outside the choices
    client = api(world.a.users[Role.ZONE_OFFICIAL], language)
    items = {item["id"]: item for item in client.get("/enterprises", page_size=200).json()["items"]}
    for enterprise in (in_park, no_park, legacy):
        detail = client.get(f"/enterprises/{enterprise.pk}").json()
        row = items[enterprise.pk]
        assert row == {name: detail[name] for name in row}
    assert items[in_park.pk]["stage_label"] == ("Pilot" if language == "en" else "中试")
    assert items[in_park.pk]["park_name"] == world.a.park.name
    assert (items[no_park.pk]["park_name"], items[no_park.pk]["stage_label"]) == (None, "")
    assert items[legacy.pk]["stage_label"] == "legacy"  # shown as it is, not a 500


def test_list_filters_by_stage_qualification_park_and_industry(api, world):
    from gaoxin.enterprises.tests.factories import QualificationFactory

    target = EnterpriseFactory(
        name="筛选目标有限公司",
        zone=world.a.zone,
        park=world.a.park,
        stage="pilot",
        industry_code="C2761",
    )
    QualificationFactory(enterprise=target, kind="little_giant")
    client = api(world.a.users[Role.ZONE_OFFICIAL])
    for params in (
        {"stage": "pilot"},
        {"qualification": "little_giant"},
        {"industry": "c27"},
        {"park": world.a.park.pk, "q": "筛选"},
    ):
        body = client.get("/enterprises", **params).json()
        assert [item["name"] for item in body["items"]] == ["筛选目标有限公司"], params
    assert client.get("/enterprises", qualification="nobel").status_code == 422


def test_detail_has_facts_qualifications_and_masked_contacts(api, world):
    enterprise = world.a.enterprise
    YearlyFactFactory(enterprise=enterprise, year=2023)
    YearlyFactFactory(enterprise=enterprise, year=2024, revenue=Decimal("123.40"))
    QualificationFactory(enterprise=enterprise)
    ContactFactory(enterprise=enterprise, phone="13812341234")
    body = api(world.a.users[Role.ZONE_OFFICIAL]).get(f"/enterprises/{enterprise.pk}").json()
    assert body["latest_facts"]["year"] == 2024
    assert body["latest_facts"]["revenue"] == "123.40"  # money as a decimal string
    assert body["yearly_facts"][1]["rnd_ratio"] == "5.00"
    assert [f["year"] for f in body["yearly_facts"]] == [2024, 2023]
    assert body["qualifications"][0]["kind"] == "high_tech"
    assert body["contacts"][0]["phone"] == "138****1234"
    assert body["contacts"][0]["phone_masked"] is True
    for obj in [body, body["latest_facts"], body["qualifications"][0], body["contacts"][0]]:
        assert obj["is_sample"] is False
    own = api(world.a.users[Role.ENTERPRISE_USER]).get(f"/enterprises/{enterprise.pk}").json()
    assert own["contacts"][0]["phone"] == "13812341234"


def test_create_returns_201_and_audits(api, world):
    client = api(world.a.users[Role.PARK_OPERATOR])
    response = client.post("/enterprises", create_body(park=world.a.park.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["park_id"] == world.a.park.pk
    assert body["zone_id"] == world.a.zone.pk
    assert body["industry_code"] == "C3581"
    assert AuditEvent.objects.filter(
        action="enterprises.enterprise.create", object_id=str(body["id"]), channel="api"
    ).exists()


def test_create_bad_input_is_422_with_field_errors_and_saves_nothing(api, world):
    client = api(world.a.users[Role.ZONE_OFFICIAL])
    count = Enterprise.objects.count()
    response = client.post(
        "/enterprises", create_body(uscc="91410100617257137X", region_code="4101")
    )
    assert response.status_code == 422
    error = response.json()["error"]
    fields = {f["field"]: f["message"] for f in error["fields"]}
    assert error["code"] == "validation"
    assert set(fields) == {"uscc", "region_code"}
    assert Enterprise.objects.count() == count


def test_create_missing_field_is_422(api, world):
    response = api(world.a.users[Role.ZONE_OFFICIAL]).post("/enterprises", {"name": "x"})
    assert response.status_code == 422
    assert "uscc" in {f["field"] for f in response.json()["error"]["fields"]}


def test_patch_changes_only_what_is_sent(api, world):
    enterprise = world.a.enterprise
    client = api(world.a.users[Role.ZONE_OFFICIAL])
    response = client.patch(
        f"/enterprises/{enterprise.pk}", {"address": "新地址", "reason": "核实"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["address"] == "新地址"
    enterprise.refresh_from_db()
    assert enterprise.address == "新地址"
    assert enterprise.park == world.a.park
    event = AuditEvent.objects.get(action="enterprises.enterprise.update")
    assert event.reason == "核实"
    moved = client.patch(f"/enterprises/{enterprise.pk}", {"park_id": None})
    assert moved.status_code == 200 and moved.json()["park_id"] is None


def test_enterprise_user_patch_of_locked_field_is_403(api, world):
    client = api(world.a.users[Role.ENTERPRISE_USER])
    enterprise = world.a.enterprise
    response = client.patch(f"/enterprises/{enterprise.pk}", {"uscc": "91410100MA0000000X"})
    assert response.status_code == 403
    assert client.patch(f"/enterprises/{enterprise.pk}", {"address": "x"}).status_code == 200


def test_put_facts_creates_201_then_replaces_200(api, world):
    enterprise = world.a.enterprise
    client = api(world.a.users[Role.ZONE_OFFICIAL])
    body = {"revenue": "1000000.50", "rnd_expense": 50000, "employees": 12}
    first = client.put(f"/enterprises/{enterprise.pk}/facts/2024", body)
    assert first.status_code == 201, first.json()
    assert first.json()["revenue"] == "1000000.50"
    assert first.json()["rnd_expense"] == "50000.00"
    assert first.json()["rnd_ratio"] == "5.00"
    second = client.put(f"/enterprises/{enterprise.pk}/facts/2024", {"revenue": "2000000"})
    assert second.status_code == 200
    fact = YearlyFact.objects.get(enterprise=enterprise, year=2024)
    # PUT replaces: fields left out become unknown.
    assert (fact.revenue, fact.rnd_expense, fact.employees) == (Decimal("2000000.00"), None, None)


def test_put_facts_by_the_enterprise_is_a_declaration_202(api, world):
    enterprise = world.a.enterprise
    client = api(world.a.users[Role.ENTERPRISE_USER])
    response = client.put(f"/enterprises/{enterprise.pk}/facts/2024", {"revenue": "1000000.50"})
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["status"], body["source"], body["year"]) == ("pending", "declaration", 2024)
    assert body["values"] == {"revenue": "1000000.50"}
    assert not YearlyFact.objects.filter(enterprise=enterprise, year=2024).exists()
    records = client.get(f"/enterprises/{enterprise.pk}/records").json()
    assert [r["id"] for r in records["items"]] == [body["id"]]


def test_put_facts_negative_is_422(api, world):
    client = api(world.a.users[Role.ZONE_OFFICIAL], language="en")
    response = client.put(f"/enterprises/{world.a.enterprise.pk}/facts/2024", {"revenue": "-1"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {"field": "revenue", "message": "Amounts cannot be negative."}
    ]
    future = client.put(f"/enterprises/{world.a.enterprise.pk}/facts/2999", {})
    assert future.status_code == 422


def test_api_errors_are_chinese_by_default(api, world):
    client = api(world.a.users[Role.ZONE_OFFICIAL])
    response = client.put(f"/enterprises/{world.a.enterprise.pk}/facts/2024", {"revenue": "-1"})
    assert response.json()["error"]["message"] != "Some fields are not valid."


def test_openapi_documents_the_operations(api, world):
    spec = api(world.a.users[Role.ZONE_OFFICIAL]).client.get("/api/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/enterprises"])
    assert {"get", "patch"} <= set(paths["/api/enterprises/{enterprise_id}"])
    assert "put" in paths["/api/enterprises/{enterprise_id}/facts/{year}"]
