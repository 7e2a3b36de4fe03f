"""API authentication: the browser session (CSRF-checked) or a personal API token."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from gaoxin.core.errors import PermissionDeniedError

from .models import ApiToken

TOKEN_PREFIX = "gx_"  # noqa: S105 - a marker, not a secret


def new_token_key() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _usable(user) -> bool:
    return user.is_active and not user.must_change_password


def password_change_required() -> PermissionDeniedError:
    return PermissionDeniedError(
        _("Choose a new password before using the system."), code="password_change_required"
    )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gx_...`: a token that is neither revoked nor expired.

    A valid token of an account that must first change its password is answered with 403
    `password_change_required` (as the session is), not with a bare 401.
    """

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
        if not found.user.is_active:
            return None
        if found.user.must_change_password:
            raise password_change_required()
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
