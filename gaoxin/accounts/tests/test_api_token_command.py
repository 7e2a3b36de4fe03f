"""`gaoxin api-token USERNAME [--days N]`: prints a working token once, audited."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gaoxin.accounts.models import ApiToken
from gaoxin.accounts.tests.api_client import ApiClient
from gaoxin.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_prints_a_token_that_works(official):
    key = run(official.username, "--days", "30")
    token = ApiToken.objects.get(user=official)
    assert key.startswith(token.prefix) and token.expires_at is not None
    assert key not in (token.digest, token.name)
    response = ApiClient().client.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="accounts.api_token.create", actor=official).exists()


def test_without_days_it_does_not_expire(official):
    run(official.username)
    assert ApiToken.objects.get(user=official).expires_at is None


def test_refused_for_an_unknown_account_or_a_role_without_tokens(member, official):
    with pytest.raises(CommandError):
        run("nobody")
    with pytest.raises(CommandError):
        run(member.username)  # enterprise users hold no API tokens by default
    with pytest.raises(CommandError):
        run(official.username, "--days", "0")
    assert not ApiToken.objects.exists()
