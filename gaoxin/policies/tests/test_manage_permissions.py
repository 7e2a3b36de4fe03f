"""Permission matrix of the policy staff pages (tests/test_permission_matrix.py's EXTRA_URLS
point here): anonymous → login; only zone officials of the policy's zone get in (other roles
403); a zone official of another zone gets 404 for the policy's pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.policies.services import draft_save

from .conftest import RND

pytestmark = pytest.mark.django_db

OBJECT_URLS = [
    ("policies:manage_detail", "get"),
    ("policies:manage_edit", "get"),
    ("policies:manage_articles", "get"),
    ("policies:manage_builder", "get"),
    ("policies:manage_count", "post"),
    ("policies:manage_publish", "get"),
    ("policies:manage_discard", "get"),
]
ZONE_URLS = [("policies:manage_list", "get"), ("policies:manage_create", "get")]
ALL_URLS = OBJECT_URLS + ZONE_URLS


@pytest.fixture
def drafted(policy):
    """Zone A's published policy with a draft version, so that every page has its object."""
    draft_save(actor=None, policy=policy, criteria=RND, effective_from=datetime.date(2026, 1, 1))
    return policy


def _call(client, name, method, policy):
    kwargs = {"pk": policy.pk} if (name, method) in OBJECT_URLS else None
    url = reverse(name, kwargs=kwargs)
    if method == "post":
        return client.post(url, {"criteria": '{"var": "x"}'})
    return client.get(url)


@pytest.mark.parametrize(("name", "method"), ALL_URLS)
def test_anonymous_is_sent_to_login(client, drafted, name, method):
    response = _call(client, name, method, drafted)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "method"), ALL_URLS)
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_of_the_zone(client, world, drafted, name, method, role):
    client.force_login(world.a.users[role])
    response = _call(client, name, method, drafted)
    expected = 200 if role == Role.ZONE_OFFICIAL else 403
    assert response.status_code == expected, (name, role, response.status_code)


@pytest.mark.parametrize(("name", "method"), OBJECT_URLS)
def test_an_official_of_another_zone_gets_not_found(client, world, drafted, name, method):
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    assert _call(client, name, method, drafted).status_code == 404


def test_the_count_needs_post(client, official, drafted):
    client.force_login(official)
    url = reverse("policies:manage_count", args=[drafted.pk])
    assert client.get(url).status_code == 405


def test_the_navbar_shows_policy_management_to_zone_officials_only(client, world):
    url = reverse("policies:manage_list")
    for role in Role:
        client.force_login(world.a.users[role])
        page = client.get(reverse("policies:public_list"))
        urls = {item["url"] for item in page.context["nav_items"]}
        assert (url in urls) == (role == Role.ZONE_OFFICIAL), role
