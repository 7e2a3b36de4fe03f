"""The first-set API: public calculation, check and catalog; 422 naming the field."""

import pytest

from gaoxin.accounts.choices import Role

from .factories import EntryFactory, FieldFactory

pytestmark = pytest.mark.django_db

CASE = {
    "jurisdiction": "CN",
    "qualification": {"cap": "2160000", "valid_from": "2025-01-01", "valid_to": "2027-12-31"},
    "policies": [
        {"id": "p1", "equipment": "robot-1", "start": "2025-03-01", "end": "2026-02-28",
         "sum_insured": "28000000", "premium": "560000"},
        {"id": "p2", "equipment": "robot-2", "start": "2027-03-01", "end": "2028-02-29",
         "sum_insured": "28000000", "premium": "560000"},
    ],
}  # fmt: skip
CHECK = {
    "indicators": [
        {"name": "额定负载", "unit": "kg", "direction": ">=", "threshold": "500"},
        {"name": "重复定位精度", "unit": "mm", "direction": "<=", "threshold": "0.1"},
    ],
    "declared": {"额定负载": "500", "重复定位精度": None},
}


@pytest.mark.parametrize("role", [None, Role.AUDITOR, Role.ENTERPRISE_USER])
def test_calc_is_public_and_follows_the_contract(api, world, role):
    user = world.a.users[role] if role else None
    response = api(user).post("/firstset/calc", CASE)
    assert response.status_code == 200
    body = response.json()
    assert body["regime"] == "cn_2024"
    assert [(p["id"], p["subsidy"], p["reason"]) for p in body["policies"]] == [
        ("p1", "448000.00", "ok"),
        ("p2", "0.00", "outside_window"),
    ]
    assert body["total"] == "448000.00"
    assert body["cap_remaining"] == "1712000.00"
    assert body["policies"][0]["trace"][-1]["step"] == "result"
    assert len(body["parameters_version"]) == 64
    # every parameter of the trace carries its note in both languages (the schema says so)
    parameters = [p for step in body["policies"][0]["trace"] for p in step["parameters"]]
    assert parameters and all({"note_en", "note_zh"} <= set(p) for p in parameters)


def test_calc_legacy_has_no_cap_remaining(api):
    case = {**CASE, "qualification": None}
    case["policies"] = [
        {
            **CASE["policies"][0],
            "start": "2020-03-01",
            "end": "2021-02-28",
            "sum_insured": "50000000",
            "premium": "2000000",
        }
    ]
    body = api().post("/firstset/calc", case).json()
    assert body["regime"] == "cn_legacy"
    assert body["policies"][0]["subsidy"] == "1200000.00"
    assert "cap_remaining" not in body


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        (lambda c: c["policies"][1].update(end="2027-01-01"), "policies[1].end", "before start"),
        (lambda c: c["policies"][0].pop("premium"), "policies[0].premium", "missing"),
        (lambda c: c["policies"][0].update(start="2025-02-30"), "policies[0].start", "date"),
        (lambda c: c["policies"][0].update(premium="-1"), "policies[0].premium", ""),
        (lambda c: c.update(jurisdiction="XX"), "jurisdiction", ""),
        (lambda c: c.update(colour="red"), "colour", "unknown field"),
    ],
)
def test_a_malformed_case_is_422_naming_the_field(api, change, field, fragment):
    case = {**CASE, "policies": [dict(p) for p in CASE["policies"]]}
    change(case)
    response = api().post("/firstset/calc", case)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_case"
    assert error["fields"][0]["field"] == field
    assert fragment in error["fields"][0]["message"]
    assert error["message"] == error["fields"][0]["message"]


def test_a_float_in_json_is_read_exactly(api):
    case = {**CASE, "policies": [dict(CASE["policies"][0])]}
    body = '{"jurisdiction": "CN", "qualification": {"cap": 2160000, "valid_from": "2025-01-01", "valid_to": "2027-12-31"}, "policies": [{"id": "p1", "equipment": "r", "start": "2025-03-01", "end": "2026-02-28", "sum_insured": 28000000, "premium": 560000.10}]}'  # noqa: E501
    response = api().post("/firstset/calc", body, raw=True)
    assert response.status_code == 200, response.json()
    assert response.json()["policies"][0]["subsidy"] == "448000.08"
    assert case  # the dict form is used above


def test_the_error_message_is_chinese_unless_english_was_chosen(api):
    case = {**CASE, "policies": [dict(CASE["policies"][0], end="2025-01-01")]}
    client = api()
    assert "before start" in client.post("/firstset/calc", case).json()["error"]["message"]
    del client.client.cookies["django_language"]
    assert "早于" in client.post("/firstset/calc", case).json()["error"]["message"]


def test_a_body_that_is_not_json_is_400(api):
    response = api().post("/firstset/calc", "{not json", raw=True)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_check_is_public(api):
    response = api().post("/firstset/check", CHECK)
    assert response.status_code == 200
    body = response.json()
    assert body["covered"] is False
    assert [(r["name"], r["met"], r["margin"]) for r in body["indicators"]] == [
        ("额定负载", True, "0"),
        ("重复定位精度", False, None),
    ]


def test_check_refuses_a_bad_direction(api):
    bad = {**CHECK, "indicators": [{**CHECK["indicators"][0], "direction": ">"}]}
    response = api().post("/firstset/check", bad)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "indicators[0].direction"


@pytest.mark.parametrize("role", [None, Role.PARK_OPERATOR])
def test_catalog_list_is_public_paginated_and_filtered(api, world, edition, robot, role):
    parts = FieldFactory(edition=edition, name="关键零部件")
    for index in range(3):
        EntryFactory(edition=edition, field=parts, number=f"9.{index}", support_mode="batches")
    client = api(world.a.users[role] if role else None)
    body = client.get("/firstset/catalog", page_size=2).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    assert body["items"][0] == {
        "id": robot.pk,
        "number": "示例-01",
        "equipment_name": "重载工业机器人",
        "field": "智能制造装备",
        "support_mode": "units",
        "support_mode_label": "By units (台(套)数)",
        "is_sample": True,
        "edition_id": edition.pk,
    }
    assert client.get("/firstset/catalog", q="重载").json()["count"] == 1
    assert client.get("/firstset/catalog", support_mode="batches").json()["count"] == 3
    assert client.get("/firstset/catalog", field=parts.pk).json()["count"] == 3
    assert client.get("/firstset/catalog", support_mode="tons").status_code == 422
    assert client.get("/firstset/catalog", page_size=201).status_code == 422


def test_catalog_entry_detail(api, robot):
    body = api().get(f"/firstset/catalog/{robot.pk}").json()
    assert body["edition"]["is_current"] is True
    assert body["indicators"] == [
        {"name": "额定负载", "unit": "kg", "direction": ">=", "threshold": "500"},
        {"name": "重复定位精度", "unit": "mm", "direction": "<=", "threshold": "0.1"},
        {"name": "平均无故障工作时间", "unit": "h", "direction": ">=", "threshold": "50000"},
    ]
    missing = api().get("/firstset/catalog/999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_the_operations_are_documented(api):
    schema = api().get("/openapi.json").json()
    calc = schema["paths"]["/api/firstset/calc"]["post"]
    assert "policies" in calc["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert "422" in calc["responses"]
    assert "/api/firstset/catalog/{entry_id}" in schema["paths"]
