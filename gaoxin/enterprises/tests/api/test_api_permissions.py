"""Every API operation: anonymous 401, another organisation 404, wrong role 403, right role."""

import pytest
from django.test import Client

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import YearlyFact
from gaoxin.enterprises.tests.conftest import valid_enterprise_data

pytestmark = pytest.mark.django_db

ZO, PO, PR, EU, AD = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
)


def operations(world):
    pk = world.a.enterprise.pk
    return {
        "list": ("get", "/enterprises", None),
        "detail": ("get", f"/enterprises/{pk}", None),
        "create": ("post", "/enterprises", valid_enterprise_data()),
        "update": ("patch", f"/enterprises/{pk}", {"address": "新"}),
        "facts": ("put", f"/enterprises/{pk}/facts/2024", {"revenue": "1"}),
    }


def call(client, operation):
    method, path, body = operation
    return getattr(client, method)(path, body) if body is not None else client.get(path)


@pytest.mark.parametrize("name", ["list", "detail", "create", "update", "facts"])
def test_anonymous_gets_401(api, world, name):
    response = call(api(None), operations(world)[name])
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("name", ["detail", "update", "facts"])
@pytest.mark.parametrize("role", [ZO, PO, PR, EU])
def test_other_organisation_gets_404(api, world, name, role):
    response = call(api(world.b.users[role]), operations(world)[name])
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not YearlyFact.objects.filter(enterprise=world.a.enterprise).exists()


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        ("list", AD, 403),
        ("list", Role.AUDITOR, 403),
        ("create", PR, 403),
        ("create", EU, 403),
        ("create", AD, 403),
        ("update", PR, 403),
        ("facts", PR, 403),
        ("detail", AD, 404),  # no scope at all: nothing to find
    ],
)
def test_wrong_role(api, world, name, role, status):
    response = call(api(world.a.users[role]), operations(world)[name])
    assert response.status_code == status
    assert not YearlyFact.objects.filter(enterprise=world.a.enterprise).exists()


@pytest.mark.parametrize(
    ("name", "roles", "status"),
    [
        ("list", [ZO, PO, PR, EU], 200),
        ("detail", [ZO, PO, PR, EU], 200),
        ("update", [ZO, PO, EU], 200),
    ],
)
def test_right_role(api, world, name, roles, status):
    for role in roles:
        response = call(api(world.a.users[role]), operations(world)[name])
        assert response.status_code == status, (name, role, response.json())


def test_enterprise_user_lists_only_its_own(api, world):
    body = api(world.a.users[EU]).get("/enterprises").json()
    assert [item["id"] for item in body["items"]] == [world.a.enterprise.pk]


def test_right_role_creates(api, world):
    response = api(world.a.users[ZO]).post("/enterprises", valid_enterprise_data())
    assert response.status_code == 201
    response = api(world.a.users[EU]).put(
        f"/enterprises/{world.a.enterprise.pk}/facts/2024", {"revenue": "1"}
    )
    assert response.status_code == 202  # declared, for the zone to verify
    response = api(world.a.users[ZO]).put(
        f"/enterprises/{world.a.enterprise.pk}/facts/2024", {"revenue": "1"}
    )
    assert response.status_code == 201


def test_session_writes_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.users[ZO])
    assert client.get(f"/api/enterprises/{world.a.enterprise.pk}").status_code == 200
    response = client.patch(
        f"/api/enterprises/{world.a.enterprise.pk}",
        data='{"address": "x"}',
        content_type="application/json",
    )
    assert response.status_code == 403
    client.get("/accounts/password/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.patch(
        f"/api/enterprises/{world.a.enterprise.pk}",
        data='{"address": "x"}',
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
