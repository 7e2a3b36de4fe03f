"""Gives every request an id, binds the request context the audit trail reads, and writes the
request log: one line per request (logger ``gaoxin.request``) with the same request id."""

import ipaddress
import logging
import time
import uuid

from django.conf import settings
from django.utils.functional import empty

from . import context
from .registry import counter_read_once

request_logger = logging.getLogger("gaoxin.request")


def _networks(entries: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _trusted(address: str, networks) -> bool:
    return _is_ip(address) and any(ipaddress.ip_address(address) in net for net in networks)


def client_ip(request) -> str | None:
    """The client's address, for the audit trail and the login lockout.

    REMOTE_ADDR, the peer of this process. Only when that peer is one of settings.TRUSTED_PROXIES
    is X-Forwarded-For read: its right-most address that is not itself a trusted proxy (the one
    the first trusted proxy saw). The left-most entries are whatever the client chose to send,
    so they are never taken; with no trusted proxies the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(settings.TRUSTED_PROXIES)
    if not remote or not networks or not _trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _is_ip(hop):
            return remote
        if not _trusted(hop, networks):
            return hop
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        request.request_id = request_id[:64]
        channel = "api" if request.path.startswith("/api/") else "web"
        ip = client_ip(request)
        token = context.bind(
            context.RequestContext(request_id=request.request_id, ip=ip, channel=channel)
        )
        started = time.perf_counter()
        response = None
        try:
            with counter_read_once():
                response = self.get_response(request)
        finally:
            context.reset(token)
            log_request(request, response, started, ip)
        response["X-Request-ID"] = request.request_id
        return response


def _user_id(request) -> int | None:
    """The user's id if the request has resolved its user (no query made here for it)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


def _size(response) -> int | None:
    if response is None:
        return None
    if response.has_header("Content-Length"):
        return int(response["Content-Length"])
    return None if response.streaming else len(response.content)


def log_request(request, response, started: float, ip: str | None) -> None:
    """One line for the request: the path without its query string (which may hold a token)."""
    status = response.status_code if response is not None else 500
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    request_logger.info(
        "%s %s %s %.1fms",
        request.method,
        request.path,
        status,
        duration_ms,
        extra={
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": _user_id(request),
            "client_ip": ip,
            "size": _size(response),
        },
    )


class ChosenLanguageMiddleware:
    """Chinese unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, so an official whose
    browser is set to English would get English without asking. Here only the language cookie
    set by the switch (/i18n/setlang/) counts; everyone else gets LANGUAGE_CODE (zh-hans).
    API clients are programs that ask on purpose, so under /api/ Accept-Language counts too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        supported = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in supported and request.path.startswith("/api/"):
            asked = translation.get_language_from_request(request)
            chosen = asked if asked in supported else None
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.get("Vary", "")
        if "Cookie" not in patch_vary:
            response["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response
