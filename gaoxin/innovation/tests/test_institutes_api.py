"""The institutes API: what the detail holds, validation errors naming the field, the
one-lead conflict, Decimal money as strings, and the demo loader being idempotent."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gaoxin.accounts.choices import Role
from gaoxin.innovation.models import Institute

from .factories_institutes import add_outputs, make_institute, make_project

pytestmark = pytest.mark.django_db

ZO, PO = Role.ZONE_OFFICIAL, Role.PARK_OPERATOR


def api(user):
    client = Client()
    client.force_login(user)
    return client


def send(client, method, path, body=None):
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(path, **kwargs)


def test_detail_holds_the_page_data(world):
    institute = make_institute(world.a)
    lead = institute.members.get()
    project = make_project(institute, lead, budget="2500000.50")
    add_outputs(project, lead)
    body = api(world.a.users[ZO]).get(f"/api/institutes/{institute.pk}").json()
    assert body["fields"] == ["粘胶纤维"]
    assert body["planned_fields"] == ["芳纶"]
    assert body["work_kinds"] == ["rnd", "training"]
    assert body["lead_name"] == world.a.enterprise.name
    assert body["projects_by_stage"]["rnd"] == 1
    assert body["members"][0]["enterprise"] == world.a.enterprise.pk
    assert body["contribution"][0]["budget_led"] == "2500000.50"
    assert {r["year"] for r in body["outputs_per_year"]} == {2025, 2026}
    listed = api(world.a.users[ZO]).get("/api/institutes/").json()
    assert listed["count"] == 1
    assert listed["items"][0]["members_count"] == 1


def test_create_validation_names_the_field(world):
    client = api(world.a.users[ZO])
    response = send(
        client,
        "post",
        "/api/institutes/",
        {
            "name": "接口研究院",
            "level": "provincial",
            "fields": ["芳纶"],
            "planned_fields": ["芳纶"],
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"][0]["field"] == "planned_fields"
    response = send(
        client, "post", "/api/institutes/", {"name": "接口研究院", "level": "provincial", "host": 0}
    )
    assert response.status_code == 422
    response = send(
        client,
        "post",
        "/api/institutes/",
        {"name": "接口研究院", "level": "provincial", "host": world.b.enterprise.pk},
    )
    assert response.status_code == 400
    assert not Institute.objects.filter(name="接口研究院").exists()
    response = send(
        client,
        "post",
        "/api/institutes/",
        {"name": "接口研究院", "level": "provincial", "work_kinds": ["standards", "rnd"]},
    )
    assert response.status_code == 201
    assert response.json()["work_kinds"] == ["rnd", "standards"]


def test_a_second_lead_is_a_conflict_and_a_member_removed(world):
    institute = make_institute(world.a)
    client = api(world.a.users[PO])
    path = f"/api/institutes/{institute.pk}/members"
    response = send(client, "post", path, {"role": "lead", "name": "第二家"})
    assert response.status_code == 409
    assert response.json()["error"]["fields"][0]["field"] == "role"
    response = send(client, "post", path, {"role": "university", "name": "接口大学"})
    assert response.status_code == 201
    member = response.json()["id"]
    assert send(client, "delete", f"{path}/{member}").status_code == 204
    assert send(client, "delete", f"{path}/{member}").status_code == 404
    other = api(world.b.users[ZO])
    lead = institute.members.get().pk
    assert send(other, "delete", f"{path}/{lead}").status_code == 404


def test_patch_changes_only_what_is_given(world):
    institute = make_institute(world.a)
    client = api(world.a.users[ZO])
    response = send(
        client, "patch", f"/api/institutes/{institute.pk}", {"planned_fields": ["碳纤维"]}
    )
    assert response.status_code == 200
    institute.refresh_from_db()
    assert institute.planned_fields == ["碳纤维"]
    assert institute.fields == ["粘胶纤维"]
    response = send(client, "patch", f"/api/institutes/{institute.pk}", {"fields": ["", "x"]})
    assert response.status_code == 400
