"""Fixtures of the registry's tests, on top of the shared `world` (zones a and b)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from gaoxin.accounts.api_auth import digest, new_token_key
from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import ApiToken
from gaoxin.audit.models import AuditEvent

ALL_ROLES = list(Role.values)


@pytest.fixture(autouse=True)
def english_messages():
    """Messages produced outside a request (services called directly) are in English, so
    assertions read the msgids whatever the catalog translates. A request still runs in its
    own language (LocaleMiddleware): pages and the API pick it from the `django_language`
    cookie or Accept-Language, Chinese by default."""
    with translation.override("en"):
        yield


@pytest.fixture
def official(world):
    return world.a.users[Role.ZONE_OFFICIAL]


@pytest.fixture
def operator(world):
    return world.a.users[Role.PARK_OPERATOR]


@pytest.fixture
def reviewer(world):
    return world.a.users[Role.PROVINCIAL_REVIEWER]


@pytest.fixture
def member(world):
    """A user of world.a.enterprise itself."""
    return world.a.users[Role.ENTERPRISE_USER]


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as `user`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


class ApiClient:
    """Calls /api/ with a personal token (no CSRF, as a program would)."""

    def __init__(self, user=None, language=None):
        self.client = Client()
        self.headers = {"Accept-Language": language} if language else {}
        if user is not None:
            key = new_token_key()
            ApiToken.objects.create(user=user, name="test", prefix=key[:8], digest=digest(key))
            self.headers["Authorization"] = "Bearer " + key

    def _call(self, method, path, body=None, **params):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        elif params:
            kwargs["data"] = params
        return getattr(self.client, method)("/api" + path, **kwargs)

    def get(self, path, **params):
        return self._call("get", path, **params)

    def post(self, path, body):
        return self._call("post", path, body)

    def patch(self, path, body):
        return self._call("patch", path, body)

    def put(self, path, body):
        return self._call("put", path, body)


@pytest.fixture
def api():
    """api(user or None) -> an API client with that user's token (anonymous for None)."""
    return ApiClient


def events(action: str, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def valid_enterprise_data(**overrides) -> dict:
    from gaoxin.enterprises.tests.factories import new_uscc

    data = {
        "name": "河南新测试科技有限公司",
        "uscc": new_uscc(),
        "legal_representative": "王芳",
        "address": "郑州高新区科学大道100号",
        "industry_code": "c3581",
        "industry_name": "医疗诊断、监护及治疗设备制造",
        "stage": "production",
        "founded_on": "2018-05-20",
    }
    data.update(overrides)
    return data
