"""The HTTP API: django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs.

One error body everywhere: {"error": {"code", "message", "fields": [{"field", "message"}]}}.
Authentication: the browser session (with CSRF on writes) or a personal API token
(`Authorization: Bearer gx_...`).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from ninja.parser import Parser

from gaoxin.accounts.api_auth import SessionAuth, TokenAuth
from gaoxin.core.api import document_errors
from gaoxin.core.errors import DomainError

# Errors that say the request conflicts with what is already there (a credit code already
# registered, a second campaign for a year, declarations no longer awaiting verification):
# 409, not 400/422, as the input itself is well formed; the state refuses it.
CONFLICT_CODES = {
    "duplicate",
    "uscc_taken",
    "name_taken",
    "not_pending",
    # a decided amount above the application's computed one without an override reason; a
    # policy without a fund for the year: the request is well formed, the state refuses it
    "over_computed",
    "no_fund",
    # first-set: an allocation over a qualification's cap, an enterprise barred from applying
    "over_cap",
    "over_allocated",
    "banned",
}


class VendoredSwagger(DocsBase):
    """/api/docs: Swagger UI from static/vendor/swagger-ui (zone intranets reach no public CDN),
    started by static/js/api-docs.js; no inline script, so it works under a strict CSP."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        context = {
            "title": api.title,
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        return render(request, "api/docs.html", context)


class ObjectParser(Parser):
    """Every JSON body of the API is an object: `true` or `[]` is refused (400), not read as an
    object whose fields all take their defaults."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data


class GaoxinAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists every operation's error answers (400/401/403/404/
    409/422) with the one error body, so that the document states every answer the server gives."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)


api = GaoxinAPI(
    title="Gaoxin API",
    version="1",
    description=(
        "The API of Gaoxin (高新). Every operation checks the caller's role and organisation."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs=VendoredSwagger(),
    parser=ObjectParser(),
)


def error_body(code: str, message: str, fields: list[dict] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or []}}


def _loc_to_field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload", "header")]
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
    codes = {error.code for error in exc.error_list} if hasattr(exc, "error_list") else set()
    if hasattr(exc, "error_dict"):
        codes = {error.code for errors in exc.error_dict.values() for error in errors}
    status = 409 if codes and codes <= CONFLICT_CODES else 422
    if hasattr(exc, "error_dict"):
        fields = [
            {"field": name, "message": " ".join(str(m) for e in errors for m in e.messages)}
            for name, errors in exc.error_dict.items()
        ]
    else:
        fields = [{"field": "", "message": m} for m in exc.messages]
    code = "conflict" if status == 409 else "validation"
    return api.create_response(
        request, error_body(code, _("Some fields are not valid."), fields), status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    fields = [{"field": exc.field, "message": exc.message}] if exc.field else []
    return api.create_response(
        request,
        error_body(exc.code, exc.message, fields),
        status=409 if exc.code in CONFLICT_CODES else exc.status,
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
api.add_router("/experts", "gaoxin.experts.api.router")
api.add_router("/funds", "gaoxin.funds.api.router")
api.add_router("/applications", "gaoxin.applications.api.router")
api.add_router("/reviews", "gaoxin.applications.api.reviews_router")
api.add_router("/parks", "gaoxin.parks.api.router")
api.add_router("/clusters", "gaoxin.parks.api_clusters.router")
api.add_router("/investment", "gaoxin.investment.api.router")
api.add_router("/events", "gaoxin.events.api.router")
api.add_router("/institutes", "gaoxin.innovation.api.router")
api.add_router("/services", "gaoxin.services.api.router")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A failed CSRF check (a browser session writing without the token): under /api/ the 403
    in the error body, elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body("forbidden", _("Send the CSRF token (X-CSRFToken) with the session.")),
            status=403,
            json_dumps_params={"ensure_ascii": False},
        )
    from django.views.csrf import csrf_failure as page

    return page(request, reason=reason)


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any URL under /api/ that no operation answers: a 404 in the error body, never the HTML
    page (mounted after the API's own URLs in config/urls.py)."""
    return JsonResponse(
        error_body("not_found", _("Not found.")),
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
