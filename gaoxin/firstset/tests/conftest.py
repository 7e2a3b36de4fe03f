"""Fixtures of the first-set tests, on top of the shared `world` (zones a and b)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from gaoxin.accounts.api_auth import digest, new_token_key
from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import ApiToken

from .factories import EditionFactory, robot_entry


@pytest.fixture(autouse=True)
def _english_messages():
    """Assertions on messages read the English msgids, whatever the catalog translates."""
    with translation.override("en"):
        yield


@pytest.fixture
def reviewer(world):
    return world.a.users[Role.PROVINCIAL_REVIEWER]


@pytest.fixture
def member(world):
    return world.a.users[Role.ENTERPRISE_USER]


@pytest.fixture
def official(world):
    return world.a.users[Role.ZONE_OFFICIAL]


@pytest.fixture
def edition(db):
    return EditionFactory(
        name="《首台(套)重大技术装备推广应用指导目录(2024年版)》", year=2024, is_current=True
    )


@pytest.fixture
def robot(edition):
    return robot_entry(edition)


@pytest.fixture
def as_user(client):
    """as_user(user) -> the test client, logged in as `user` (English pages)."""

    def _login(user):
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return _login


class ApiClient:
    """Calls /api/ anonymously (CSRF enforced, as for a browser without a session) or with a
    personal token."""

    def __init__(self, user=None):
        self.client = Client(enforce_csrf_checks=True)
        self.client.cookies["django_language"] = "en"  # only the switch's cookie picks English
        self.headers = {}
        if user is not None:
            key = new_token_key()
            ApiToken.objects.create(user=user, name="test", prefix=key[:8], digest=digest(key))
            self.headers["Authorization"] = "Bearer " + key

    def get(self, path, **params):
        return self.client.get("/api" + path, data=params, headers=self.headers)

    def post(self, path, body, raw: bool = False):
        data = body if raw else json.dumps(body)
        return self.client.post(
            "/api" + path, data=data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api():
    return ApiClient
