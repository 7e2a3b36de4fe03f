"""The events API, mounted at /api/events: the same selectors, rules and services as the pages.

- reading events is public: anonymous callers get the public events; zone officials, park
  operators and provincial reviewers (session or token) also their zone's non-public ones;
- registering for an open public event is public (rate-limited per address like the page);
  an API registration is never linked to an account;
- creating events: zone officials and park operators; changing one and reading its
  registrations: its managers (404 outside the caller's zone, 403 to other staff of it).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.accounts.api_auth import TokenAuth
from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.middleware import client_ip
from gaoxin.enterprises.validators import mask_phone
from gaoxin.parks.models import Park

from . import rules, selectors, services
from .choices import EventKind
from .models import Event, Registration
from .schemas import (
    EventDetailOut,
    EventIn,
    EventOut,
    EventPatch,
    EventRegistrationIn,
    EventRegistrationOut,
)

router = Router(tags=["events"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}
EVENT_ERRORS = {**READ_ERRORS, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, **EVENT_ERRORS, 409: ErrorOut}


class EventFilter(Schema):
    kind: EventKind | None = None
    year: int | None = Field(None, ge=1949, le=2100, description="The year the event starts in")


def _caller(request):
    """The user behind a public operation: a valid token, else the session, else None."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return TokenAuth().authenticate(request, header.removeprefix("Bearer ").strip())
    user = request.user
    usable = user.is_authenticated and user.is_active and not user.must_change_password
    return user if usable else None


def event_body(event: Event) -> dict:
    today = timezone.localdate()
    seats = selectors.seats_left(event)
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "theme": event.theme,
        "starts_on": event.starts_on,
        "start_time": event.start_time.strftime("%H:%M") if event.start_time else None,
        "ends_on": event.ends_on,
        "venue": event.venue,
        "park": event.park_id,
        "park_name": event.park.name if event.park_id else "",
        "is_public": event.is_public,
        "is_sample": event.is_sample,
        "registration_open": not services.registration_closed_reason(event, today),
        "full": seats == 0,
        "capacity": event.capacity,
        "registration_deadline": event.registration_deadline,
    }


def _detail_body(event: Event) -> dict:
    return {
        **event_body(event),
        "description": event.description,
        "outcomes": event.outcome_list,
        "participants": event.participants,
        "organisers": [
            {"role": o.role, "name": o.name, "organisation": o.organisation_id}
            for o in event.organisers.all()
        ],
        "talks": [
            {"speaker": t.speaker, "speaker_title": t.speaker_title, "topic": t.topic}
            for t in event.talks.all()
        ],
        "advisors": [
            {"name": e.name, "organisation": e.affiliation}
            for e in event.appointed_advisors.select_related("organisation")
        ],
        "signings": event.signings.count(),
    }


def registration_body(registration: Registration, *, manager: bool) -> dict:
    return {
        "id": registration.pk,
        "event": registration.event_id,
        "name": registration.name,
        "organisation_name": registration.organisation_name,
        "phone": registration.phone if manager else mask_phone(registration.phone),
        "email": registration.email,
        "status": registration.status,
        "created_at": registration.created_at,
    }


@router.get(
    "",
    auth=None,
    response=list[EventOut],
    summary="Events: upcoming first, then past",
    description="Public events for everyone; zone staff also see their zone's non-public ones.",
)
@paginate(ApiPagination)
def list_events(request, filters: Query[EventFilter]):
    events = selectors.event_list(_caller(request), kind=filters.kind or "", year=filters.year)
    return [event_body(e) for e in events]


@router.get(
    "/{int:event_id}",
    auth=None,
    response={200: EventDetailOut, 404: ErrorOut},
    summary="One event with its organisers, talks, advisors and the count of signings",
)
def get_event(request, event_id: IdPath):
    return _detail_body(selectors.event_get(_caller(request), event_id))


def _park(pk: int | None) -> Park | None:
    if pk is None:
        return None
    park = Park.objects.filter(pk=pk).first()
    if park is None:
        raise DomainError(_("Park: choose one of the zone's parks."), field="park")
    return park


@router.post(
    "",
    response={201: EventDetailOut, **WRITE_ERRORS},
    summary="Add an event (zone officials; park operators at their parks)",
)
def create_event(request, payload: EventIn):
    if not rules.can_create(request.auth):
        raise PermissionDeniedError(_("Only zone officials and park operators add events."))
    data = {**payload.dict(), "park": _park(payload.park)}
    event = services.event_create(actor=request.auth, data=data)
    return Status(201, _detail_body(event))


def _managed(user, event_id: int) -> Event:
    event = selectors.staff_event_get(user, event_id)
    if not rules.can_manage(user, event):
        raise PermissionDeniedError(_("Only the event's managers may do this."))
    return event


# An event's fields that cannot be empty: null in a PATCH leaves them unchanged.
NOT_NULL = {
    "kind", "title", "theme", "starts_on", "venue", "description", "outcomes", "is_public",
    "registration_open",
}  # fmt: skip


@router.patch(
    "/{int:event_id}",
    response={200: EventDetailOut, **WRITE_ERRORS},
    summary="Change an event (its managers); only the fields sent change",
    description="null for a field an event must have (kind, title, date, venue …) leaves it.",
)
def update_event(request, event_id: IdPath, payload: EventPatch):
    event = _managed(request.auth, event_id)
    data = {
        key: value
        for key, value in payload.dict(exclude_unset=True).items()
        if value is not None or key not in NOT_NULL
    }
    if "park" in data:
        data["park"] = _park(data["park"])
    return _detail_body(services.event_update(actor=request.auth, event=event, data=data))


@router.get(
    "/{int:event_id}/registrations",
    response={200: list[EventRegistrationOut], **EVENT_ERRORS},
    summary="The event's registrations, phone numbers in full (its managers)",
)
@paginate(ApiPagination)
def list_registrations(request, event_id: IdPath):
    event = _managed(request.auth, event_id)
    return [registration_body(r, manager=True) for r in selectors.registrations(event)]


@router.post(
    "/{int:event_id}/registrations",
    auth=None,
    response={
        201: EventRegistrationOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    summary="Register for an open public event (no login; a few per address and hour)",
    description=(
        "409 `registration_closed` (not open, past its deadline or held), `event_full`, "
        "`duplicate` (the phone number is already registered); 400 `too_many` when the address "
        "sent too many in the last hour."
    ),
)
def register(request, event_id: IdPath, payload: EventRegistrationIn):
    event = selectors.event_get(None, event_id)
    registration = services.registration_create(
        event=event, ip=client_ip(request), **payload.dict()
    )
    return Status(201, registration_body(registration, manager=False))
