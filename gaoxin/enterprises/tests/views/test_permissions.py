"""Every page of the registry: anonymous, another organisation, a wrong role, the right role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Contact, Qualification, YearlyFact
from gaoxin.enterprises.tests.factories import (
    ContactFactory,
    QualificationFactory,
    YearlyFactFactory,
)

pytestmark = pytest.mark.django_db

ZO, PO, PR, EU, AD = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
)


@pytest.fixture
def records(world):
    """A fact, a qualification and a contact on world.a's enterprise."""
    enterprise = world.a.enterprise
    return {
        "fact": YearlyFactFactory(enterprise=enterprise, year=2023),
        "qualification": QualificationFactory(enterprise=enterprise),
        "contact": ContactFactory(enterprise=enterprise),
    }


def url(name: str, world, records) -> str:
    pk = world.a.enterprise.pk
    args = {
        "list": [],
        "mine": [],
        "create": [],
        "detail": [pk],
        "update": [pk],
        "fact_create": [pk],
        "fact_update": [pk, 2023],
        "fact_delete": [pk, 2023],
        "qualification_create": [pk],
        "qualification_update": [pk, records["qualification"].pk],
        "qualification_delete": [pk, records["qualification"].pk],
        "contact_create": [pk],
        "contact_update": [pk, records["contact"].pk],
        "contact_delete": [pk, records["contact"].pk],
        "contact_reveal": [pk, records["contact"].pk],
    }[name]
    return reverse("enterprises:" + name, args=args)


OBJECT_PAGES = [
    "update",
    "fact_create",
    "fact_update",
    "fact_delete",
    "qualification_create",
    "qualification_update",
    "qualification_delete",
    "contact_create",
    "contact_update",
    "contact_delete",
]
# Removing a verified figure or qualification is itself a decision: only the zone's officials.
DELETE_FACT_PAGES = ["fact_delete", "qualification_delete"]
EVERY_PAGE = ["list", "mine", "create", "detail", *OBJECT_PAGES]


@pytest.mark.parametrize("name", [*EVERY_PAGE, "contact_reveal"])
def test_anonymous_is_sent_to_login(client, world, records, name):
    method = client.post if name == "contact_reveal" else client.get
    response = method(url(name, world, records))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["detail", *OBJECT_PAGES])
@pytest.mark.parametrize("role", [ZO, PO, PR, EU])
def test_other_organisation_gets_404(client, world, records, name, role):
    client.force_login(world.b.users[role])
    assert client.get(url(name, world, records)).status_code == 404


@pytest.mark.parametrize("name", OBJECT_PAGES)
@pytest.mark.parametrize("role", [ZO, PO, EU])
def test_other_organisation_cannot_post(client, world, records, name, role):
    client.force_login(world.b.users[role])
    assert client.post(url(name, world, records), {"name": "x"}).status_code == 404
    assert YearlyFact.objects.filter(pk=records["fact"].pk).exists()
    assert Qualification.objects.filter(pk=records["qualification"].pk).exists()
    assert Contact.objects.filter(pk=records["contact"].pk).exists()


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_reviewer_sees_but_may_not_edit(client, world, records, name):
    client.force_login(world.a.users[PR])
    assert client.get(url(name, world, records)).status_code == 403
    assert client.post(url(name, world, records), {"name": "x"}).status_code == 403
    assert YearlyFact.objects.filter(pk=records["fact"].pk).exists()
    assert Contact.objects.filter(pk=records["contact"].pk).exists()


@pytest.mark.parametrize("name", ["detail", *OBJECT_PAGES])
@pytest.mark.parametrize("role", [AD, Role.AUDITOR, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_roles_without_a_registry_scope_find_nothing(client, world, records, name, role):
    client.force_login(world.a.users[role])
    assert client.get(url(name, world, records)).status_code == 404


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        ("list", AD, 403),
        ("list", Role.AUDITOR, 403),
        ("mine", AD, 403),
        ("create", PR, 403),
        ("create", EU, 403),
        ("create", AD, 403),
    ],
)
def test_wrong_role_gets_403(client, world, records, name, role, status):
    client.force_login(world.a.users[role])
    assert client.get(url(name, world, records)).status_code == status


@pytest.mark.parametrize(
    ("name", "roles"),
    [
        ("list", [ZO, PO, PR]),
        ("create", [ZO, PO]),
        ("detail", [ZO, PO, PR, EU]),
        *[(page, [ZO, PO, EU]) for page in OBJECT_PAGES if page not in DELETE_FACT_PAGES],
        *[(page, [ZO]) for page in DELETE_FACT_PAGES],
    ],
)
def test_right_role_gets_the_page(client, world, records, name, roles):
    for role in roles:
        client.force_login(world.a.users[role])
        response = client.get(url(name, world, records))
        assert response.status_code == 200, (name, role)


@pytest.mark.parametrize("name", DELETE_FACT_PAGES)
@pytest.mark.parametrize("role", [PO, EU])
def test_only_an_official_removes_a_verified_fact(client, world, records, name, role):
    client.force_login(world.a.users[role])
    assert client.get(url(name, world, records)).status_code == 403
    assert client.post(url(name, world, records)).status_code == 403
    assert YearlyFact.objects.filter(pk=records["fact"].pk).exists()
    assert Qualification.objects.filter(pk=records["qualification"].pk).exists()


def test_mine_redirects(client, world, records):
    client.force_login(world.a.users[EU])
    response = client.get(url("mine", world, records))
    assert response["Location"] == reverse("enterprises:detail", args=[world.a.enterprise.pk])
    client.force_login(world.a.users[ZO])
    assert client.get(url("mine", world, records))["Location"] == reverse("enterprises:list")


def test_list_redirects_an_enterprise_user_to_its_own(client, world, records):
    client.force_login(world.a.users[EU])
    assert client.get(url("list", world, records))["Location"] == reverse("enterprises:mine")


def test_other_zones_list_does_not_show_ours(client, world, records):
    client.force_login(world.b.users[ZO])
    response = client.get(url("list", world, records))
    assert response.status_code == 200
    assert world.a.enterprise.name not in response.content.decode()
    assert world.b.enterprise.name in response.content.decode()


@pytest.mark.parametrize(
    ("side", "role", "status"),
    [
        ("a", ZO, 200),
        ("a", PO, 200),
        ("a", PR, 403),
        ("a", EU, 403),
        ("b", ZO, 404),
        ("a", AD, 404),
    ],
)
def test_reveal(client, world, records, side, role, status):
    client.force_login(getattr(world, side).users[role])
    response = client.post(url("contact_reveal", world, records), headers={"HX-Request": "true"})
    assert response.status_code == status


def test_reveal_needs_post(client, world, records):
    client.force_login(world.a.users[ZO])
    assert client.get(url("contact_reveal", world, records)).status_code == 405
