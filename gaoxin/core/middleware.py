"""Gives every request an id and binds the request context the audit trail reads."""

import uuid

from . import context


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        request.request_id = request_id[:64]
        channel = "api" if request.path.startswith("/api/") else "web"
        token = context.bind(
            context.RequestContext(request_id=request.request_id, ip=client_ip(request), channel=channel)
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
