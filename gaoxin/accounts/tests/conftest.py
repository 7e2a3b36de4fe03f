"""Fixtures of the accounts tests."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, resolve

ME_URL = "/api/me"


@pytest.fixture
def api_me(settings) -> str:
    """The URL of GET /api/me: the site's own when config/api.py mounts the accounts router,
    otherwise the same operation mounted by gaoxin/accounts/tests/api_urls.py."""
    try:
        resolve(ME_URL)
    except Resolver404:
        settings.ROOT_URLCONF = "gaoxin.accounts.tests.api_urls"
    return ME_URL
