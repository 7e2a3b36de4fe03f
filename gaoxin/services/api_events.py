"""The consultations and seminars API (mounted by api.py at /api/services):

- ``GET /consultations/slots`` (filters), ``POST /consultations/slots/{id}/book|release|hold|
  withdraw``, ``POST /consultations/series``;
- ``GET /seminars``, ``GET /seminars/{id}``, ``POST /seminars``, ``POST /seminars/{id}/open|
  close|cancel|hold``, ``POST /seminars/{id}/register``, ``GET /seminars/{id}/registrations``
  (the seminar's managers), ``POST /seminars/registrations/{id}/cancel|attend``.

The same scoping, selectors and services as the pages: anonymous 401, a role without the
services 403, an object outside the caller's reach 404, a refused step 409."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.validators import mask_phone

from . import selectors_events as sel
from . import services_events as svc
from .choices import SeatStatus
from .models import Advisor, ConsultationSlot, SeminarSeat, ServiceDomain
from .schemas_events import (
    NotesIn,
    OptionalReasonIn,
    SeatIn,
    SeatOut,
    SeminarFilters,
    SeminarIn,
    SeminarOut,
    SeriesIn,
    SeriesOut,
    ServiceEventReasonIn,
    SlotFilters,
    SlotOut,
    TopicIn,
)

router = Router()
READ = {401: ErrorOut, 403: ErrorOut}
ONE = {**READ, 404: ErrorOut}
WRITE = {**ONE, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _reader(user) -> None:
    if not user.has_perm("services.view_events"):
        raise PermissionDeniedError(_("Your role has no consultations or seminars."))


def slot_body(slot: ConsultationSlot) -> dict:
    series = slot.series
    return {
        "id": slot.pk,
        "advisor": slot.advisor_id,
        "advisor_name": str(slot.advisor),
        "series": slot.series_id,
        "domain": series.domain.name if series and series.domain_id else "",
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "location": slot.location,
        "status": slot.status,
        "enterprise": slot.enterprise_id,
        "enterprise_name": slot.enterprise.name if slot.enterprise_id else "",
        "topic": slot.topic,
    }


@router.get(
    "/consultations/slots",
    response={200: list[SlotOut], **READ},
    summary="Consultation slots (upcoming; filters)",
)
@paginate(ApiPagination)
def list_slots(request, filters: Query[SlotFilters]):
    _reader(request.auth)
    advisor = Advisor.objects.filter(pk=filters.advisor).first() if filters.advisor else None
    domain = ServiceDomain.objects.filter(pk=filters.domain).first() if filters.domain else None
    if (filters.advisor and advisor is None) or (filters.domain and domain is None):
        return []
    slots = sel.slot_list(
        request.auth,
        advisor=advisor,
        domain=domain,
        week=filters.week,
        status=filters.status or "",
    )
    return [slot_body(s) for s in slots]


def _slot(request, slot_id: int) -> ConsultationSlot:
    _reader(request.auth)
    return sel.slot_get(request.auth, slot_id)


def _slot_out(request, slot_id: int) -> dict:
    return slot_body(
        ConsultationSlot.objects.select_related(
            "advisor__expert", "series__domain", "enterprise"
        ).get(pk=slot_id)
    )


@router.post(
    "/consultations/slots/{id}/book", response={200: SlotOut, **WRITE}, summary="Book a slot"
)
def book_slot(request, id: IdPath, payload: TopicIn):
    slot = _slot(request, id)
    svc.slot_book(actor=request.auth, slot=slot, topic=payload.topic)
    return _slot_out(request, id)


@router.post(
    "/consultations/slots/{id}/release",
    response={200: SlotOut, **WRITE},
    summary="Cancel a booking (the slot is open again)",
)
def release_slot(request, id: IdPath, payload: ServiceEventReasonIn):
    slot = _slot(request, id)
    svc.slot_release(actor=request.auth, slot=slot, reason=payload.reason)
    return _slot_out(request, id)


@router.post(
    "/consultations/slots/{id}/hold",
    response={200: SlotOut, **WRITE},
    summary="Record a booked consultation as held (after its start)",
)
def hold_slot(request, id: IdPath, payload: NotesIn):
    slot = _slot(request, id)
    svc.slot_hold(actor=request.auth, slot=slot, notes=payload.notes)
    return _slot_out(request, id)


@router.post(
    "/consultations/slots/{id}/withdraw",
    response={200: SlotOut, **WRITE},
    summary="Cancel a slot (a booking enterprise is told)",
)
def withdraw_slot(request, id: IdPath, payload: ServiceEventReasonIn):
    slot = _slot(request, id)
    svc.slot_withdraw(actor=request.auth, slot=slot, reason=payload.reason)
    return _slot_out(request, id)


@router.post(
    "/consultations/series",
    response={201: SeriesOut, **WRITE},
    summary="Set an advisor's weekly consultation hours (slots on working days)",
)
def create_series(request, payload: SeriesIn):
    user = request.auth
    _reader(user)
    if not user.has_perm("services.run_consultations"):
        raise PermissionDeniedError(_("Your role does not set consultation hours."))
    advisor = sel.advisors_for_series(user).filter(pk=payload.advisor).first()
    if advisor is None:
        raise DomainError(
            _("Advisor: choose one of the advisors whose hours you set."), field="advisor"
        )
    domain = None
    if payload.domain is not None:
        domain = ServiceDomain.objects.filter(pk=payload.domain).first()
        if domain is None:
            raise DomainError(_("Domain: no such service domain."), field="domain")
    result = svc.series_create(
        actor=user,
        advisor=advisor,
        domain=domain,
        weekday=payload.weekday,
        start_time=datetime.time.fromisoformat(payload.start_time),
        minutes=payload.minutes,
        location=payload.location,
        first_date=payload.first_date,
        last_date=payload.last_date,
    )
    body = {
        "id": result.series.pk,
        "advisor": advisor.pk,
        "slots": result.created,
        "skipped": result.skipped,
    }
    return Status(201, body)


# --- seminars ----------------------------------------------------------------------------------


def seminar_body(seminar) -> dict:
    counts = sel.seminar_counts(seminar)
    return {
        "id": seminar.pk,
        "title": seminar.title,
        "topic": seminar.topic,
        "domain": seminar.domain.name if seminar.domain_id else "",
        "park": seminar.park_id,
        "starts_at": seminar.starts_at,
        "ends_at": seminar.ends_at,
        "venue": seminar.venue,
        "capacity": seminar.capacity,
        "registration_deadline": seminar.registration_deadline,
        "description": seminar.description,
        "status": seminar.status,
        "seats_taken": counts["taken"],
        "seats_left": counts["left"],
        "waiting": counts["waiting"],
        "speakers": [
            {"name": s.name, "title": s.title, "topic": s.topic, "advisor": s.advisor_id}
            for s in seminar.speakers.all()
        ],
        "is_sample": seminar.is_sample,
    }


def seat_body(seat: SeminarSeat, *, full_phone: bool) -> dict:
    return {
        "id": seat.pk,
        "seminar": seat.seminar_id,
        "name": seat.name,
        "organisation_name": seat.organisation_name,
        "phone": seat.phone if full_phone else mask_phone(seat.phone),
        "status": seat.status,
        "waiting_position": sel.waiting_position(seat)
        if seat.status == SeatStatus.WAITING
        else None,
        "promoted_at": seat.promoted_at,
        "created_at": seat.created_at,
    }


@router.get("/seminars", response={200: list[SeminarOut], **READ}, summary="Seminars")
@paginate(ApiPagination)
def list_seminars(request, filters: Query[SeminarFilters]):
    _reader(request.auth)
    return [seminar_body(s) for s in sel.seminar_list(request.auth, when=filters.when)]


@router.get("/seminars/{id}", response={200: SeminarOut, **ONE}, summary="One seminar")
def get_seminar(request, id: IdPath):
    _reader(request.auth)
    return seminar_body(sel.seminar_get(request.auth, id))


def _resolve(model, pk, field, message):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise DomainError(message, field=field)
    return obj


@router.post("/seminars", response={201: SeminarOut, **WRITE}, summary="Add a seminar")
def create_seminar(request, payload: SeminarIn):
    from gaoxin.parks.models import Park

    user = request.auth
    _reader(user)
    if not user.has_perm("services.run_events"):
        raise PermissionDeniedError(_("Only zone officials and park operators add seminars."))
    data = payload.dict(exclude={"speakers"})
    data["domain"] = _resolve(
        ServiceDomain, data["domain"], "domain", _("Domain: no such service domain.")
    )
    data["park"] = _resolve(Park, data["park"], "park", _("Park: choose one of the zone's parks."))
    speakers = []
    for s in payload.speakers:
        advisor = _resolve(Advisor, s.advisor, "speakers", _("Speakers: no such advisor."))
        speakers.append({"name": s.name, "title": s.title, "topic": s.topic, "advisor": advisor})
    seminar = svc.seminar_create(actor=user, data=data, speakers=speakers)
    return Status(201, seminar_body(seminar))


def _move(request, id: int, name: str, reason: str = "") -> dict:
    _reader(request.auth)
    seminar = sel.seminar_get(request.auth, id)
    if not sel.may_manage(request.auth, seminar):
        raise PermissionDeniedError(
            _("Only the zone's officials, or the operator of the seminar's park, run it.")
        )
    svc.seminar_move(actor=request.auth, seminar=seminar, name=name, reason=reason)
    return seminar_body(sel.seminar_get(request.auth, id))


@router.post(
    "/seminars/{id}/open", response={200: SeminarOut, **WRITE}, summary="Open registration"
)
def open_seminar(request, id: IdPath):
    return _move(request, id, "open")


@router.post(
    "/seminars/{id}/close", response={200: SeminarOut, **WRITE}, summary="Close registration"
)
def close_seminar(request, id: IdPath):
    return _move(request, id, "close")


@router.post("/seminars/{id}/hold", response={200: SeminarOut, **WRITE}, summary="Record as held")
def hold_seminar(request, id: IdPath):
    return _move(request, id, "hold")


@router.post(
    "/seminars/{id}/cancel",
    response={200: SeminarOut, **WRITE},
    summary="Cancel the seminar (the registrants are told)",
)
def cancel_seminar(request, id: IdPath, payload: ServiceEventReasonIn):
    return _move(request, id, "cancel", payload.reason)


@router.post(
    "/seminars/{id}/register",
    response={201: SeatOut, **WRITE},
    summary="Register: a seat, or a place on the waiting list when full",
)
def register(request, id: IdPath, payload: SeatIn):
    _reader(request.auth)
    seminar = sel.seminar_get(request.auth, id)
    if not svc.can_register(request.auth, seminar):
        raise PermissionDeniedError(
            _("Only the users of the zone's enterprises, or its staff, register.")
        )
    seat = svc.seat_register(
        actor=request.auth,
        seminar=seminar,
        name=payload.name,
        phone=payload.phone,
        organisation_name=payload.organisation_name,
    )
    return Status(201, seat_body(seat, full_phone=True))


@router.get(
    "/seminars/{id}/registrations",
    response={200: list[SeatOut], **ONE},
    summary="A seminar's registrations and waiting list (its managers)",
)
@paginate(ApiPagination)
def list_registrations(request, id: IdPath):
    _reader(request.auth)
    seminar = sel.seminar_get(request.auth, id)
    if not sel.may_manage(request.auth, seminar):
        raise PermissionDeniedError(_("Only the seminar's managers see its registrations."))
    return [seat_body(s, full_phone=True) for s in sel.seats(seminar)]


def _seat(request, id: int) -> SeminarSeat:
    _reader(request.auth)
    seat = get_object_or_404(SeminarSeat, pk=id)
    seminar = sel.seminar_get(request.auth, seat.seminar_id)
    if not (sel.may_manage(request.auth, seminar) or svc.owns_seat(request.auth, seat)):
        raise Http404
    return seat


@router.post(
    "/seminars/registrations/{id}/cancel",
    response={200: SeatOut, **WRITE},
    summary="Cancel a registration (the first waiting one moves up)",
)
def cancel_seat(request, id: IdPath, payload: OptionalReasonIn):
    seat = _seat(request, id)
    svc.seat_cancel(actor=request.auth, seat=seat, reason=payload.reason)
    return seat_body(SeminarSeat.objects.get(pk=id), full_phone=True)


@router.post(
    "/seminars/registrations/{id}/attend",
    response={200: SeatOut, **WRITE},
    summary="Mark attended (after the start)",
)
def attend_seat(request, id: IdPath):
    seat = _seat(request, id)
    svc.seat_attend(actor=request.auth, seat=seat)
    return seat_body(SeminarSeat.objects.get(pk=id), full_phone=True)
