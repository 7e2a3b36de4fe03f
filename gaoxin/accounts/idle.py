"""The idle timeout of the login policy, without a database write per request.

Every answer to a logged-in browser carries a signed "last active" cookie: a tag of the session
(a hash of its key, never the key itself) signed with a timestamp (Django's TimestampSigner,
salted, keyed by SECRET_KEY). The next request of that session is accepted only if the cookie is
there, its signature is good, it names this session and it is younger than the policy's idle
timeout — or the login itself, whose time the session keeps, is that recent (the first request
after a login, or a test client's force_login) — otherwise LoginSecurityMiddleware logs the
user out. Leaving the cookie out gains nothing: the login time alone expires as well. The session
row itself is written only when its content changes (login, a message), and lives at most
SESSION_COOKIE_AGE (a working day) from its last change: a bound on top of the idle timeout.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

COOKIE_NAME = "gaoxin_active"
SALT = "gaoxin.accounts.idle"
LOGIN_AT = "_gaoxin_login_at"


def mark_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: the login counts as activity (the session is written at a login anyway)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = int(time.time())


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def session_tag(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()[:20]


def token(session_key: str) -> str:
    """The cookie's value for this session, stamped now."""
    return _signer().sign(session_tag(session_key))


def is_idle(request, timeout_seconds: int) -> bool:
    """True unless the request carries a fresh last-active stamp of its own session, or the
    login was less than the timeout ago."""
    login_at = request.session.get(LOGIN_AT)
    if isinstance(login_at, int) and 0 <= time.time() - login_at < timeout_seconds:
        return False
    value = request.COOKIES.get(COOKIE_NAME)
    session_key = request.session.session_key
    if not value or not session_key:
        return True
    try:
        tag = _signer().unsign(value, max_age=timeout_seconds)
    except signing.BadSignature:  # tampered, or older than the timeout (SignatureExpired)
        return True
    return not constant_time_compare(tag, session_tag(session_key))


def stamp(response, session_key: str) -> None:
    """Refresh the last-active cookie (a browser-session cookie, HttpOnly, Secure as the session
    cookie is)."""
    response.set_cookie(
        COOKIE_NAME,
        token(session_key),
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite=settings.SESSION_COOKIE_SAMESITE,
        path=settings.SESSION_COOKIE_PATH,
        domain=settings.SESSION_COOKIE_DOMAIN,
    )


def forget(response) -> None:
    response.delete_cookie(
        COOKIE_NAME,
        path=settings.SESSION_COOKIE_PATH,
        domain=settings.SESSION_COOKIE_DOMAIN,
        samesite=settings.SESSION_COOKIE_SAMESITE,
    )
