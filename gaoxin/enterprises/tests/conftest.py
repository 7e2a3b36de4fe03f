"""Fixtures of the registry's tests, on top of the shared `world` (zones a and b)."""

from __future__ import annotations

import pytest
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.api_client import ApiClient
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
def login(client):
    """login(user) -> the test client, logged in as `user`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


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
