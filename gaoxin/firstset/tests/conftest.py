"""Fixtures of the first-set tests, on top of the shared `world` (zones a and b)."""

from __future__ import annotations

import pytest
from django.utils import translation

from gaoxin.accounts.tests.api_client import ApiClient

from .factories import EditionFactory, robot_entry


@pytest.fixture(autouse=True)
def _english_messages():
    """Assertions on messages read the English msgids, whatever the catalog translates."""
    with translation.override("en"):
        yield


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


@pytest.fixture
def api():
    """api(user or None) -> an API client with that user's token (anonymous for None), with
    CSRF enforced (as for a browser without a session) and English chosen by the language
    switch's cookie (a test deletes it to see the Chinese default)."""

    def make(user=None):
        api_client = ApiClient(user, enforce_csrf_checks=True)
        api_client.client.cookies["django_language"] = "en"
        return api_client

    return make
