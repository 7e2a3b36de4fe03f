"""API authentication: the browser session (CSRF-checked) or a personal API token."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth as NinjaSessionAuth

from .models import ApiToken

TOKEN_PREFIX = "gx_"


def new_token_key() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _usable(user) -> bool:
    return user.is_active and not user.must_change_password


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gx_...`: a token that is neither revoked nor expired."""

    def authenticate(self, request, token):
        if not token.startswith(TOKEN_PREFIX):
            return None
        found = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(digest=digest(token), revoked_at__isnull=True)
            .first()
        )
        now = timezone.now()
        if found is None or (found.expires_at and found.expires_at <= now):
            return None
        if not _usable(found.user):
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser session; writes need the CSRF token (django-ninja checks it)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and _usable(user):
            return user
        return None
