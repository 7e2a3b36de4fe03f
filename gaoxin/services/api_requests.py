"""API of the service requests (mounted by api.py under /api/services): the same scoping,
selectors and services as the pages.

- ``GET /requests`` (filters), ``POST /requests`` (file; routed at once), ``GET /requests/{id}``;
- ``POST /requests/{id}/accept|decline|schedule|complete`` (the assigned advisor),
  ``/rate`` (the enterprise), ``/cancel`` (the enterprise or staff), ``/reassign`` and
  ``/route`` (zone officials, park operators);
- ``GET``/``PUT /settings`` (zone officials: the first response deadlines).

A role that reads no requests gets 403, a request out of scope 404, a step the state does not
allow (or another request took first) 409, a refused input 422 naming the field.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import field_validator

from gaoxin.core.api import (
    ApiPagination,
    ErrorOut,
    IdPath,
    NonBlankText,
    StrictDateTime,
    id_field,
    not_a_boolean,
)
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.models import Enterprise

from . import rules
from . import selectors_requests as selectors
from . import services_requests as services
from .choices import RequestStatus, Urgency
from .models import Advisor, ServiceDomain, ServiceRequest
from .scoping import enterprise_of, works_for_zone

router = Router(tags=["services"])
READ = {401: ErrorOut, 403: ErrorOut}
ONE = {**READ, 404: ErrorOut}
WRITE = {**ONE, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut}
STAFF_ROLES = ("zone_official", "park_operator", "provincial_reviewer")


class RequestFilters(Schema):
    status: RequestStatus | None = None
    domain: int | None = id_field(None, description="Domain id (a broad one takes its finer)")
    advisor: int | None = id_field(None, description="Advisor id")
    urgency: Urgency | None = None
    overdue: bool = Field(False, description="Only assigned requests past their first response")
    q: str | None = Field(None, max_length=100, description="Number, subject or enterprise")


class RequestIn(Schema):
    domain: int = id_field(description="Service domain id")
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    description: str = Field(min_length=1, max_length=5000, pattern=r"\S")
    urgency: Urgency = Urgency.NORMAL
    enterprise: int | None = id_field(
        None, description="Staff filing on behalf of an enterprise; enterprise users: omit"
    )

    @field_validator("domain", "enterprise", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class ServiceRequestReasonIn(Schema):
    reason: NonBlankText = Field(max_length=500)


class ReassignIn(Schema):
    reason: NonBlankText = Field(max_length=500)
    advisor: int | None = id_field(None, description="The advisor; omit to let the router choose")

    @field_validator("advisor", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class ScheduleIn(Schema):
    when: StrictDateTime = Field(description="In the future, within a year")
    location: NonBlankText = Field(max_length=200)


class CompleteIn(Schema):
    outcome: NonBlankText = Field(max_length=5000)


class RateIn(Schema):
    stars: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=500)

    @field_validator("stars", mode="before")
    @classmethod
    def _stars_are_numbers(cls, value):
        return not_a_boolean(value)


class CandidateOut(Schema):
    advisor: int
    name: str
    fit: int
    load: int
    max_load: int
    rating: str
    rated: int
    excluded: str


class RequestOut(Schema):
    id: int
    number: str
    zone: int
    enterprise: int
    enterprise_name: str
    domain: int
    domain_name: str
    title: str
    description: str
    urgency: Urgency
    status: RequestStatus
    advisor: int | None
    advisor_name: str
    routing_reason: str
    respond_by: str | None = Field(description="YYYY-MM-DD")
    overdue: bool
    responded_at: datetime | None
    scheduled_for: datetime | None
    location: str
    outcome: str
    completed_at: datetime | None
    rating: int | None
    rating_comment: str
    created_at: datetime
    is_sample: bool
    candidates: list[CandidateOut] | None = Field(
        None, description="Staff only: the advisors the last routing weighed"
    )


class SettingsIn(Schema):
    first_response_days: int = Field(ge=1, le=20)
    urgent_first_response_days: int = Field(ge=1, le=20)

    @field_validator("first_response_days", "urgent_first_response_days", mode="before")
    @classmethod
    def _numbers(cls, value):
        return not_a_boolean(value)


class SettingsOut(Schema):
    zone: int
    first_response_days: int
    urgent_first_response_days: int


def _reader(user) -> None:
    if not rules.can_view_requests(user):
        raise PermissionDeniedError(_("Your role does not see service requests."))


def request_body(req: ServiceRequest, user, *, detail: bool = False) -> dict:
    body = {
        "id": req.pk,
        "number": req.number,
        "zone": req.zone_id,
        "enterprise": req.enterprise_id,
        "enterprise_name": req.enterprise.name,
        "domain": req.domain_id,
        "domain_name": req.domain.name,
        "title": req.title,
        "description": req.description,
        "urgency": req.urgency,
        "status": req.status,
        "advisor": req.advisor_id,
        "advisor_name": str(req.advisor) if req.advisor_id else "",
        "routing_reason": req.routing_reason,
        "respond_by": req.respond_by.isoformat() if req.respond_by else None,
        "overdue": selectors.is_overdue(req),
        "responded_at": req.responded_at,
        "scheduled_for": req.scheduled_for,
        "location": req.location,
        "outcome": req.outcome,
        "completed_at": req.completed_at,
        "rating": req.rating,
        "rating_comment": req.rating_comment,
        "created_at": req.created_at,
        "is_sample": req.is_sample,
        "candidates": None,
    }
    if detail and user.role in STAFF_ROLES:
        last = req.assignments.order_by("-assigned_at", "-id").first()
        body["candidates"] = list(last.candidates) if last else []
    return body


def _one(request, request_id: int) -> ServiceRequest:
    _reader(request.auth)
    return selectors.request_get(request.auth, request_id)


def _answer(request, req: ServiceRequest) -> dict:
    return request_body(selectors.request_get(request.auth, req.pk), request.auth, detail=True)


def _resolve(model, pk, field: str):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: [_("No such choice: choose one from the list.")]})
    return obj


@router.get("/requests", response={200: list[RequestOut], **READ}, summary="Your service requests")
@paginate(ApiPagination)
def list_requests(request, filters: Query[RequestFilters]):
    _reader(request.auth)
    params = {k: ("on" if v is True else v) for k, v in filters.dict().items() if v}
    return [request_body(r, request.auth) for r in selectors.request_list(request.auth, params)]


@router.post(
    "/requests",
    response={201: RequestOut, **WRITE},
    summary="File a service request (routed to an advisor at once)",
)
def create_request(request, payload: RequestIn):
    user = request.auth
    _reader(user)
    if not rules.can_file_request(user):
        raise PermissionDeniedError(_("Your role does not file service requests."))
    own = enterprise_of(user)
    enterprise = own
    if payload.enterprise is not None or own is None:
        enterprise = _resolve(Enterprise, payload.enterprise, "enterprise")
        if enterprise is None:
            raise ValidationError({"enterprise": [_("Choose the enterprise the request is for.")]})
    data = {
        "domain": _resolve(ServiceDomain, payload.domain, "domain"),
        "title": payload.title,
        "description": payload.description,
        "urgency": payload.urgency,
    }
    req = services.request_create(actor=user, enterprise=enterprise, data=data)
    return Status(201, _answer(request, req))


@router.get("/requests/{id}", response={200: RequestOut, **ONE}, summary="One service request")
def get_request(request, id: IdPath):
    return request_body(_one(request, id), request.auth, detail=True)


@router.post(
    "/requests/{id}/accept", response={200: RequestOut, **WRITE}, summary="Accept (the advisor)"
)
def accept_request(request, id: IdPath):
    req = services.request_accept(actor=request.auth, request=_one(request, id))
    return _answer(request, req)


@router.post(
    "/requests/{id}/decline",
    response={200: RequestOut, **WRITE},
    summary="Decline (the advisor); routed again at once without the decliners",
)
def decline_request(request, id: IdPath, payload: ServiceRequestReasonIn):
    req = services.request_decline(
        actor=request.auth, request=_one(request, id), reason=payload.reason
    )
    # the decliner may no longer see it (nor the candidates): the body as it stands now
    return request_body(req, request.auth)


@router.post(
    "/requests/{id}/reassign",
    response={200: RequestOut, **WRITE},
    summary="Reassign (zone officials, park operators) to an advisor or by the router",
)
def reassign_request(request, id: IdPath, payload: ReassignIn):
    req = _one(request, id)
    advisor = _resolve(Advisor, payload.advisor, "advisor")
    req = services.request_reassign(
        actor=request.auth, request=req, advisor=advisor, reason=payload.reason
    )
    return _answer(request, req)


@router.post(
    "/requests/{id}/route",
    response={200: RequestOut, **WRITE},
    summary="Try routing a request nobody could take again (zone officials, park operators)",
)
def route_request(request, id: IdPath):
    req = services.request_route(actor=request.auth, request=_one(request, id))
    return _answer(request, req)


@router.post(
    "/requests/{id}/schedule",
    response={200: RequestOut, **WRITE},
    summary="Schedule the meeting (the advisor)",
)
def schedule_request(request, id: IdPath, payload: ScheduleIn):
    req = services.request_schedule(
        actor=request.auth,
        request=_one(request, id),
        when=payload.when,
        location=payload.location,
    )
    return _answer(request, req)


@router.post(
    "/requests/{id}/complete",
    response={200: RequestOut, **WRITE},
    summary="Record the outcome (the advisor)",
)
def complete_request(request, id: IdPath, payload: CompleteIn):
    req = services.request_complete(
        actor=request.auth, request=_one(request, id), outcome=payload.outcome
    )
    return _answer(request, req)


@router.post(
    "/requests/{id}/rate",
    response={200: RequestOut, **WRITE},
    summary="Rate a completed request, 1 to 5 stars (the enterprise)",
)
def rate_request(request, id: IdPath, payload: RateIn):
    req = services.request_rate(
        actor=request.auth, request=_one(request, id), stars=payload.stars, comment=payload.comment
    )
    return _answer(request, req)


@router.post(
    "/requests/{id}/cancel",
    response={200: RequestOut, **WRITE},
    summary="Cancel an open request (the enterprise, or staff) with a reason",
)
def cancel_request(request, id: IdPath, payload: ServiceRequestReasonIn):
    req = services.request_cancel(
        actor=request.auth, request=_one(request, id), reason=payload.reason
    )
    return _answer(request, req)


def _settings_zone(user):
    if not rules.can_change_settings(user) or user.zone is None:
        raise PermissionDeniedError(_("Only zone officials see the service settings."))
    if not works_for_zone(user, user.zone.pk):
        raise PermissionDeniedError(_("Only zone officials see the service settings."))
    return user.zone


def _settings_body(row) -> dict:
    return {
        "zone": row.zone_id,
        "first_response_days": row.first_response_days,
        "urgent_first_response_days": row.urgent_first_response_days,
    }


@router.get("/settings", response={200: SettingsOut, **READ}, summary="Your zone's settings")
def get_settings(request):
    return _settings_body(services.settings_for(_settings_zone(request.auth)))


@router.put(
    "/settings",
    response={200: SettingsOut, **READ, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change your zone's first response deadlines (working days)",
)
def put_settings(request, payload: SettingsIn):
    zone = _settings_zone(request.auth)
    row = services.settings_update(actor=request.auth, zone=zone, data=payload.dict())
    return _settings_body(row)
