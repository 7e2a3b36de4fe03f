"""Pages of the consultations (定期咨询) and seminars (专题研讨).

Thin: selectors read (scoped: another zone's object is 404), services write and check (a
refused permission is 403). Anonymous visitors are sent to the login page."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form
from gaoxin.parks.models import Park

from . import excel_events
from . import selectors_events as sel
from . import services_events as svc
from .choices import SeatStatus, SlotStatus
from .forms_events import (
    BookForm,
    HoldForm,
    OptionalReasonForm,
    ReasonForm,
    SeatForm,
    SeminarForm,
    SeriesForm,
    SlotFilterForm,
    speakers_text,
)
from .models import Advisor, Seminar
from .scoping import enterprise_of, visible_advisors
from .workflows import SEMINAR_WORKFLOW

PER_PAGE = 20


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


# --- consultations -----------------------------------------------------------------------------


@login_required
def consultation_list(request):
    user = request.user
    _require(user, "services.view_events")
    form = SlotFilterForm(
        request.GET or None, advisors=visible_advisors(user).select_related("expert")
    )
    filters = form.cleaned_data if form.is_valid() else {}
    slots = sel.slot_list(
        user,
        advisor=filters.get("advisor"),
        domain=filters.get("domain"),
        week=filters.get("week"),
    )
    page = Paginator(slots, PER_PAGE).get_page(request.GET.get("page"))
    enterprise = enterprise_of(user)
    context = {
        "form": form,
        "page_obj": page,
        "enterprise": enterprise,
        "bookings": list(sel.my_bookings(user)[:20]) if enterprise else [],
        "series": list(sel.series_list(user)[:50]),
        "can_set_hours": user.has_perm("services.run_consultations")
        and (user.role != "advisor" or sel.advisors_for_series(user).exists()),
    }
    return render(request, "services/events/consultation_list.html", context)


@login_required
def series_create(request):
    user = request.user
    _require(user, "services.run_consultations")
    advisors = sel.advisors_for_series(user)
    if user.role == "advisor" and not advisors.exists():
        raise PermissionDenied  # an advisor account not (yet) appointed to a zone's pool
    form = SeriesForm(request.POST or None, advisors=advisors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_on_form(form, lambda: svc.series_create(actor=user, **data))
        if result is not None:
            messages.success(
                request,
                _("The hours are set: %(count)s slots; %(skipped)s holidays skipped.")
                % {"count": result.created, "skipped": len(result.skipped)},
            )
            return redirect("services:consultation_list")
    return render(request, "services/events/series_form.html", {"form": form})


@login_required
def series_end(request, pk: int):
    _require(request.user, "services.view_events")
    series = sel.series_get(request.user, pk)
    if not svc.can_run_slots(request.user, series.advisor):
        raise PermissionDenied
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        count = run_on_form(
            form, lambda: svc.series_end(actor=request.user, series=series, reason=reason)
        )
        if count is not None:
            messages.success(
                request,
                _("The hours are ended: %(count)s open slots withdrawn.") % {"count": count},
            )
            return redirect("services:consultation_list")
    return render(request, "services/events/series_end.html", {"series": series, "form": form})


def _slot_page(request, slot, forms=None, status=200):
    user = request.user
    forms = forms or {}
    now = timezone.now()
    runner = sel.may_run_slot(user, slot)
    enterprise = enterprise_of(user)
    context = {
        "slot": slot,
        "runner": runner,
        "started": slot.starts_at <= now,
        "can_book": slot.status == SlotStatus.OPEN
        and slot.starts_at > now
        and svc.can_book(user, slot.advisor),
        "is_booker": enterprise is not None and slot.enterprise_id == enterprise.pk,
        "book_form": forms.get("book") or BookForm(),
        "release_form": forms.get("release") or ReasonForm(prefix="release"),
        "hold_form": forms.get("hold") or HoldForm(),
        "withdraw_form": forms.get("withdraw") or ReasonForm(prefix="withdraw"),
    }
    return render(request, "services/events/slot_detail.html", context, status=status)


@login_required
def slot_detail(request, pk: int):
    _require(request.user, "services.view_events")
    return _slot_page(request, sel.slot_get(request.user, pk))


SLOT_ACTIONS = {
    "book": (lambda p: BookForm(p), svc.slot_book, _("The consultation is booked.")),
    "release": (
        lambda p: ReasonForm(p, prefix="release"),
        svc.slot_release,
        _("The booking is cancelled."),
    ),
    "hold": (lambda p: HoldForm(p), svc.slot_hold, _("The consultation is recorded as held.")),
    "withdraw": (
        lambda p: ReasonForm(p, prefix="withdraw"),
        svc.slot_withdraw,
        _("The slot is cancelled."),
    ),
}


@login_required
@require_POST
def slot_action(request, pk: int, action: str):
    _require(request.user, "services.view_events")
    slot = sel.slot_get(request.user, pk)
    if action not in SLOT_ACTIONS:
        raise Http404
    make_form, service, done_message = SLOT_ACTIONS[action]
    form = make_form(request.POST)
    if form.is_valid():
        done = run_on_form(
            form, lambda: service(actor=request.user, slot=slot, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, done_message)
            return redirect("services:slot_detail", pk=slot.pk)
    return _slot_page(request, sel.slot_get(request.user, pk), {action: form}, status=200)


# --- seminars ----------------------------------------------------------------------------------


@login_required
def seminar_list(request):
    user = request.user
    _require(user, "services.view_events")
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    page = Paginator(sel.seminar_list(user, when=when), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "when": when, "can_create": user.has_perm("services.run_events")}
    return render(request, "services/events/seminar_list.html", context)


def _parks(user):
    zone = user.organisation.home_zone if user.organisation_id else None
    parks = Park.objects.filter(zone=zone) if zone else Park.objects.none()
    if user.role == "park_operator":
        parks = parks.filter(operator=user.organisation)
    return parks.order_by("name")


def _speakers(zone_id: int, rows: list[dict]) -> list[dict]:
    by_name = {
        a.expert.name: a for a in Advisor.objects.filter(zone_id=zone_id).select_related("expert")
    }
    return [{**row, "advisor": by_name.get(row["name"])} for row in rows]


@login_required
def seminar_create(request):
    user = request.user
    _require(user, "services.run_events")
    form = SeminarForm(request.POST or None, parks=_parks(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rows = data.pop("speakers")
        zone = user.organisation.home_zone if user.organisation_id else None
        seminar = run_on_form(
            form,
            lambda: svc.seminar_create(
                actor=user, data=data, speakers=_speakers(zone.pk if zone else 0, rows)
            ),
        )
        if seminar is not None:
            messages.success(request, _("The seminar is added; open registration when ready."))
            return redirect("services:seminar_detail", pk=seminar.pk)
    return render(
        request, "services/events/seminar_form.html", {"form": form, "title": _("New seminar")}
    )


def _managed(user, pk: int) -> Seminar:
    _require(user, "services.view_events")
    seminar = sel.seminar_get(user, pk)
    if not sel.may_manage(user, seminar):
        raise PermissionDenied
    return seminar


@login_required
def seminar_update(request, pk: int):
    user = request.user
    seminar = _managed(user, pk)
    initial = {f: getattr(seminar, f) for f in svc.SEMINAR_FIELDS}
    initial["speakers"] = speakers_text(seminar)
    form = SeminarForm(request.POST or None, initial=initial, parks=_parks(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rows = data.pop("speakers")
        done = run_on_form(
            form,
            lambda: svc.seminar_update(
                actor=user, seminar=seminar, data=data, speakers=_speakers(seminar.zone_id, rows)
            ),
        )
        if done is not None:
            messages.success(request, _("The seminar is saved."))
            return redirect("services:seminar_detail", pk=seminar.pk)
    context = {"form": form, "seminar": seminar, "title": _("Edit the seminar")}
    return render(request, "services/events/seminar_form.html", context)


def _seminar_page(request, seminar, *, seat_form=None, move_form=None):
    user = request.user
    now = timezone.now()
    manager = sel.may_manage(user, seminar)
    closed = svc.registration_closed_reason(seminar, now)
    mine = sel.own_seats(user, seminar)
    can_register = svc.can_register(user, seminar) and not closed
    if can_register and seat_form is None:
        initial = {"name": user.display_name or user.get_full_name()}
        enterprise = enterprise_of(user)
        if enterprise is not None:
            initial["organisation_name"] = enterprise.name
        seat_form = SeatForm(initial=initial)
    rows = None
    if manager:
        rows = Paginator(sel.seats(seminar), 50).get_page(request.GET.get("page"))
        for seat in rows.object_list:
            seat.position = (
                sel.waiting_position(seat) if seat.status == SeatStatus.WAITING else None
            )
    started = seminar.starts_at <= now
    hidden = {"open", "reopen"} if started else {"hold"}  # the services refuse them now
    steps = [
        t for t in SEMINAR_WORKFLOW.allowed_from(seminar.status) if manager and t.name not in hidden
    ]
    context = {
        "seminar": seminar,
        "speakers": list(seminar.speakers.select_related("advisor__expert")),
        "counts": sel.seminar_counts(seminar),
        "manager": manager,
        "closed": closed,
        "mine": mine,
        "can_register": can_register and (not mine or enterprise_of(user) is None),
        "seat_form": seat_form,
        "rows": rows,
        "steps": steps,
        "move_form": move_form or OptionalReasonForm(),
        "started": seminar.starts_at <= now,
    }
    return render(request, "services/events/seminar_detail.html", context)


@login_required
def seminar_detail(request, pk: int):
    _require(request.user, "services.view_events")
    return _seminar_page(request, sel.seminar_get(request.user, pk))


@login_required
@require_POST
def seminar_move(request, pk: int, name: str):
    seminar = _managed(request.user, pk)
    if name not in {t.name for t in SEMINAR_WORKFLOW.transitions}:
        raise Http404
    form = OptionalReasonForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        done = run_on_form(
            form,
            lambda: svc.seminar_move(actor=request.user, seminar=seminar, name=name, reason=reason),
        )
        if done is not None:
            messages.success(
                request,
                _("Done: %(step)s.") % {"step": SEMINAR_WORKFLOW.transition(name).label},
            )
            return redirect("services:seminar_detail", pk=seminar.pk)
    return _seminar_page(request, sel.seminar_get(request.user, pk), move_form=form)


@login_required
@require_POST
def seminar_register(request, pk: int):
    _require(request.user, "services.view_events")
    seminar = sel.seminar_get(request.user, pk)
    if not svc.can_register(request.user, seminar):
        raise PermissionDenied
    form = SeatForm(request.POST)
    if form.is_valid():
        seat = run_on_form(
            form,
            lambda: svc.seat_register(actor=request.user, seminar=seminar, **form.cleaned_data),
        )
        if seat is not None:
            if seat.status == SeatStatus.REGISTERED:
                messages.success(request, _("Registered: you have a seat."))
            else:
                messages.success(
                    request,
                    _("The seminar is full: you are on the waiting list, number %(n)s.")
                    % {"n": sel.waiting_position(seat)},
                )
            return redirect("services:seminar_detail", pk=seminar.pk)
    return _seminar_page(request, seminar, seat_form=form)


@login_required
def seat_cancel(request, pk: int, seat_pk: int):
    _require(request.user, "services.view_events")
    seminar = sel.seminar_get(request.user, pk)
    seat = get_object_or_404(seminar.seats, pk=seat_pk)
    manager = sel.may_manage(request.user, seminar)
    if not manager and not svc.owns_seat(request.user, seat):
        raise Http404
    form_class = OptionalReasonForm if not manager else ReasonForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = run_on_form(
            form, lambda: svc.seat_cancel(actor=request.user, seat=seat, reason=reason)
        )
        if done is not None:
            messages.success(request, _("The registration is cancelled."))
            return redirect("services:seminar_detail", pk=seminar.pk)
    context = {"seminar": seminar, "seat": seat, "form": form, "manager": manager}
    return render(request, "services/events/seat_cancel.html", context)


@login_required
@require_POST
def seat_mark(request, pk: int, seat_pk: int, name: str):
    seminar = _managed(request.user, pk)
    seat = get_object_or_404(seminar.seats, pk=seat_pk)
    service = {"attend": svc.seat_attend, "absent": svc.seat_absent}.get(name)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, seat=seat)
    except svc.DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Attendance of %(name)s recorded.") % {"name": seat.name})
    return redirect("services:seminar_detail", pk=seminar.pk)


@login_required
def seminar_export(request, pk: int):
    seminar = _managed(request.user, pk)
    rows = list(sel.seats(seminar))
    svc.seats_export_recorded(actor=request.user, seminar=seminar, rows=len(rows))
    out = io.BytesIO()
    excel_events.write_seats(seminar, rows, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"seminar-{seminar.pk}-registrations.xlsx"
    )
    return response
