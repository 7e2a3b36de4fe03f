"""The institute projects API: list and detail, creating, gates (refused without evidence,
409 from the wrong stage), close/stop, spending and outputs, incubation into the registry; and
that /api/institutes/projects is not taken for an institute id."""

import json

import pytest
from django.test import Client
from django.urls import resolve

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import new_uscc

from .factories_projects import evidence_for, make_institute, make_project

BASE = "/api/institutes/projects"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, path, body, method="post"):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def test_the_projects_paths_are_not_an_institute_id():
    assert resolve(BASE).url_name == "list_projects"
    assert resolve(f"{BASE}/12").url_name == "get_project"
    assert resolve(f"{BASE}/12/gates").url_name == "pass_gate"


@pytest.mark.django_db
def test_list_with_filters_and_detail(world):
    project = make_project(world.a, "incubation", title="甲项目")
    make_project(world.a, "rnd", title="乙项目")
    make_project(world.b, "rnd", title="外区项目")
    client = _client(world.a.users[Role.ENTERPRISE_USER])
    items = client.get(BASE).json()["items"]
    assert {i["title"] for i in items} == {"甲项目", "乙项目"}
    items = client.get(BASE, {"stage": "incubation"}).json()["items"]
    assert [i["title"] for i in items] == ["甲项目"]
    assert client.get(BASE, {"stage": "nope"}).status_code == 422
    body = client.get(f"{BASE}/{project.pk}").json()
    assert [g["gate"] for g in body["gates"]] == ["to_pilot", "to_transfer", "to_incubation"]
    assert body["gates"][0]["criteria"][0]["evidence"].startswith("证据：")
    assert body["budget"] == "100000.00" and body["spent"] == "0.00"
    other = make_project(world.b, "rnd", title="外区二")
    assert client.get(f"{BASE}/{other.pk}").status_code == 404


@pytest.mark.django_db
def test_create_refuses_a_field_outside_the_institute(world):
    institute = make_institute(world.a)
    client = _client(world.a.users[Role.ZONE_OFFICIAL])
    body = {"institute": institute.pk, "title": "新项目", "field": "不锈钢", "budget": "10"}
    response = _post(client, BASE, body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "field"
    assert _post(client, BASE, {**body, "institute": True}).status_code == 422
    response = _post(client, BASE, {**body, "field": "芳纶"})
    assert response.status_code == 201
    assert response.json()["stage"] == "rnd" and response.json()["budget"] == "10.00"
    outsider = _client(world.b.users[Role.ZONE_OFFICIAL])
    assert _post(outsider, BASE, {**body, "field": "芳纶"}).status_code == 404


@pytest.mark.django_db
def test_gates_close_and_stop(world):
    project = make_project(world.a, "rnd")
    client = _client(world.a.users[Role.ZONE_OFFICIAL])
    evidence = {str(k): v for k, v in evidence_for(project.institute, "to_pilot").items()}
    first = next(iter(evidence))
    missing = {**evidence, first: ""}
    body = {"gate": "to_pilot", "evidence": missing, "passed_on": "2026-01-05"}
    response = _post(client, f"{BASE}/{project.pk}/gates", body)
    assert response.status_code == 400
    criterion = project.institute.gate_criteria.get(pk=int(first)).text
    assert criterion in response.json()["error"]["message"]
    body = {**body, "gate": "to_transfer", "evidence": evidence}
    assert _post(client, f"{BASE}/{project.pk}/gates", body).status_code == 409
    response = _post(client, f"{BASE}/{project.pk}/gates", {**body, "gate": "to_pilot"})
    assert response.status_code == 200 and response.json()["stage"] == "pilot"
    assert _post(client, f"{BASE}/{project.pk}/close", {"reason": " "}).status_code == 422
    response = _post(client, f"{BASE}/{project.pk}/close", {"reason": "结题"})
    assert response.status_code == 200 and response.json()["stage"] == "closed"
    assert _post(client, f"{BASE}/{project.pk}/stop", {"reason": "再停"}).status_code == 409


@pytest.mark.django_db
def test_spending_overrun_and_outputs(world):
    project = make_project(world.a, "incubation", budget="1000")
    client = _client(world.a.users[Role.PARK_OPERATOR])
    body = {"spent_on": "2026-01-05", "amount": "1500.00", "purpose": "设备"}
    assert _post(client, f"{BASE}/{project.pk}/spendings", body).status_code == 201
    assert _post(client, f"{BASE}/{project.pk}/spendings", {**body, "amount": "0"}).status_code == (
        422
    )
    detail = client.get(f"{BASE}/{project.pk}").json()
    assert detail["spent"] == "1500.00" and detail["overrun"] == "500.00"
    patent = {
        "number": "CN1",
        "title": "专利",
        "kind": "utility",
        "status": "granted",
        "filed_on": "2025-01-05",
    }
    response = _post(client, f"{BASE}/{project.pk}/patents", patent)
    assert response.status_code == 422  # granted without a grant date
    patent["granted_on"] = "2025-06-01"
    assert _post(client, f"{BASE}/{project.pk}/patents", patent).status_code == 201
    assert _post(client, f"{BASE}/{project.pk}/patents", patent).status_code in (409, 422)
    uscc = new_uscc("410171")
    firm = {"name": "接口孵化企业", "uscc": uscc, "incubated_on": "2026-01-05"}
    response = _post(client, f"{BASE}/{project.pk}/incubations", firm)
    assert response.status_code == 201
    assert Enterprise.objects.get(uscc=uscc).pk == response.json()["enterprise"]
    again = {"enterprise": response.json()["enterprise"], "incubated_on": "2026-01-05"}
    assert _post(client, f"{BASE}/{project.pk}/incubations", again).status_code == 400
    detail = client.get(f"{BASE}/{project.pk}").json()
    assert len(detail["patents"]) == 1 and len(detail["incubations"]) == 1
