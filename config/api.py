"""The HTTP API: django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs.

One error body everywhere: {"error": {"code", "message", "fields": [{"field", "message"}]}}.
Authentication: the browser session (with CSRF on writes) or a personal API token
(`Authorization: Bearer gx_...`).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gaoxin.accounts.api_auth import SessionAuth, TokenAuth
from gaoxin.core.errors import DomainError

api = NinjaAPI(
    title="Gaoxin API",
    version="1",
    description=(
        "The API of Gaoxin (高新). Every operation checks the caller's role and organisation."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


def error_body(code: str, message: str, fields: list[dict] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or []}}


def _loc_to_field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload")]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    fields = [
        {"field": _loc_to_field(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors
    ]
    return api.create_response(
        request, error_body("validation", _("Some fields are not valid."), fields), status=422
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        fields = [
            {"field": name, "message": " ".join(str(m) for e in errors for m in e.messages)}
            for name, errors in exc.error_dict.items()
        ]
    else:
        fields = [{"field": "", "message": m} for m in exc.messages]
    return api.create_response(
        request, error_body("validation", _("Some fields are not valid."), fields), status=422
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    fields = [{"field": exc.field, "message": exc.message}] if exc.field else []
    return api.create_response(
        request, error_body(exc.code, exc.message, fields), status=exc.status
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(
        request,
        error_body("forbidden", str(exc) or _("You do not have permission to do this.")),
        status=403,
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request,
        error_body("unauthenticated", _("Log in, or send a personal API token.")),
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


api.add_router("", "gaoxin.accounts.api.router")
api.add_router("/enterprises", "gaoxin.enterprises.api.router")
api.add_router("/verification", "gaoxin.enterprises.api_verification.router")
api.add_router("/department-imports", "gaoxin.enterprises.api_department.router")
api.add_router("/firstset", "gaoxin.firstset.api.router")
api.add_router("/policies", "gaoxin.policies.api.router")
api.add_router("/reporting", "gaoxin.reporting.api.router")
