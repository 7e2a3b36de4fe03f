"""Pages of events: the list and an event's page (for everyone, anonymous visitors included),
registration, and the staff's forms (event, organisers, talks, advisors, registrations).

Thin: selectors read, services write and check. An event the user may not read is 404; the
staff pages answer 404 outside the user's zone and 403 to staff of the zone who do not manage
the event."""

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
from gaoxin.core.middleware import client_ip
from gaoxin.enterprises.validators import mask_phone
from gaoxin.experts.models import Expert
from gaoxin.parks.models import Park

from . import excel, rules, selectors, services
from .forms import (
    AdvisorForm,
    EventFilterForm,
    EventForm,
    OrganiserForm,
    ReasonForm,
    RegistrationForm,
    TalkForm,
)
from .models import Event

PER_PAGE = 20


def event_list(request):
    years = selectors.event_years(request.user)
    form = EventFilterForm(request.GET or None, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list(
        request.user, kind=filters.get("kind") or "", year=filters.get("year")
    )
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "today": timezone.localdate(),
        "can_create": rules.can_create(request.user),
    }
    return render(request, "events/event_list.html", context)


def _registration_initial(user) -> dict:
    if not user.is_authenticated:
        return {}
    organisation = user.organisation.name if user.organisation_id else ""
    return {
        "name": user.display_name or user.get_full_name(),
        "organisation_name": organisation,
        "email": user.email,
    }


def _detail_page(request, event: Event, form=None, status: int = 200) -> HttpResponse:
    user = request.user
    staff = selectors.is_staff_reader(user, event)
    closed = services.registration_closed_reason(event, timezone.localdate())
    seats = selectors.seats_left(event)
    mine = selectors.own_registration(user, event)
    if form is None and not closed and seats != 0 and mine is None:
        form = RegistrationForm(initial=_registration_initial(user))
    context = {
        "event": event,
        "staff": staff,
        "can_manage": rules.can_manage(user, event),
        "organisers": selectors.organisers_by_role(event),
        "talks": selectors.talks(event, user),
        "advisors": selectors.advisors(event),
        "signings": selectors.signing_summary(event, staff=staff),
        "closed": closed,
        "seats_left": seats,
        "mine": mine,
        "registration_form": form,
        "registered": selectors.active_registrations(event).count(),
    }
    return render(request, "events/event_detail.html", context, status=status)


def event_detail(request, pk: int):
    return _detail_page(request, selectors.event_get(request.user, pk))


@require_POST
def event_register(request, pk: int):
    event = selectors.event_get(request.user, pk)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            form,
            lambda: services.registration_create(
                event=event, user=request.user, ip=client_ip(request), **data
            ),
        )
        if done is not None:
            messages.success(request, _("You are registered for this event."))
            return redirect("events:detail", pk=event.pk)
    return _detail_page(request, event, form)


def _parks_for(user, event: Event | None = None):
    zone = user.organisation.home_zone if user.organisation_id else None
    parks = Park.objects.filter(zone=zone) if zone else Park.objects.none()
    if user.role == "park_operator":
        parks = parks.filter(operator=user.organisation)
    return parks.order_by("name")


def _managed(user, pk: int) -> Event:
    event = selectors.staff_event_get(user, pk)
    if not rules.can_manage(user, event):
        raise PermissionDenied
    return event


def _form_page(request, form, *, event=None, title: str) -> HttpResponse:
    return render(request, "events/event_form.html", {"form": form, "event": event, "title": title})


@login_required
def event_create(request):
    if not rules.can_create(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, parks=_parks_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        event = run_on_form(form, lambda: services.event_create(actor=request.user, data=data))
        if event is not None:
            messages.success(request, _("The event is added."))
            return redirect("events:detail", pk=event.pk)
    return _form_page(request, form, title=_("New event"))


@login_required
def event_update(request, pk: int):
    event = _managed(request.user, pk)
    form = EventForm(request.POST or None, instance=event, parks=_parks_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fresh = Event.objects.get(pk=event.pk)  # the form changed ``event`` in place
        done = run_on_form(
            form, lambda: services.event_update(actor=request.user, event=fresh, data=data)
        )
        if done is not None:
            messages.success(request, _("The event is saved."))
            return redirect("events:detail", pk=event.pk)
    return _form_page(request, form, event=event, title=_("Edit the event"))


@login_required
def event_delete(request, pk: int):
    event = _managed(request.user, pk)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = run_on_form(
            form,
            lambda: services.event_delete(actor=request.user, event=event, reason=reason) or True,
        )
        if done is not None:
            messages.success(request, _("The event is deleted."))
            return redirect("events:list")
    return render(request, "events/event_delete.html", {"event": event, "form": form})


# --- organisers, talks, advisors ---------------------------------------------------------------


def _experts(event: Event):
    return Expert.objects.filter(zone=event.zone).order_by("name")


def _program_page(request, event: Event, **forms) -> HttpResponse:
    context = {
        "event": event,
        "organisers": selectors.organisers_by_role(event),
        "talks": selectors.talks(event, request.user),
        "advisors": list(event.appointed_advisors.all()),
        "organiser_form": forms.get("organiser_form")
        or OrganiserForm(organisations=selectors.organiser_choices(event.zone)),
        "talk_form": forms.get("talk_form") or TalkForm(experts=_experts(event)),
        "advisor_form": forms.get("advisor_form") or AdvisorForm(experts=_experts(event)),
    }
    return render(request, "events/event_program.html", context)


def _to_program(event: Event):
    return redirect("events:program", pk=event.pk)


@login_required
def event_program(request, pk: int):
    return _program_page(request, _managed(request.user, pk))


@login_required
@require_POST
def organiser_add(request, pk: int):
    event = _managed(request.user, pk)
    form = OrganiserForm(request.POST, organisations=selectors.organiser_choices(event.zone))
    if form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            form, lambda: services.organiser_add(actor=request.user, event=event, **data)
        )
        if done is not None:
            return _to_program(event)
    return _program_page(request, event, organiser_form=form)


@login_required
@require_POST
def organiser_remove(request, pk: int, organiser_pk: int):
    event = _managed(request.user, pk)
    organiser = get_object_or_404(event.organisers, pk=organiser_pk)
    services.organiser_remove(actor=request.user, organiser=organiser)
    return _to_program(event)


@login_required
@require_POST
def talk_add(request, pk: int):
    event = _managed(request.user, pk)
    form = TalkForm(request.POST, experts=_experts(event))
    if form.is_valid():
        done = run_on_form(
            form, lambda: services.talk_add(actor=request.user, event=event, **form.cleaned_data)
        )
        if done is not None:
            return _to_program(event)
    return _program_page(request, event, talk_form=form)


@login_required
@require_POST
def talk_remove(request, pk: int, talk_pk: int):
    event = _managed(request.user, pk)
    services.talk_remove(actor=request.user, talk=get_object_or_404(event.talks, pk=talk_pk))
    return _to_program(event)


@login_required
@require_POST
def advisor_add(request, pk: int):
    event = _managed(request.user, pk)
    form = AdvisorForm(request.POST, experts=_experts(event))
    if form.is_valid():
        expert = form.cleaned_data["expert"]
        done = run_on_form(
            form,
            lambda: services.advisor_add(actor=request.user, event=event, expert=expert) or True,
        )
        if done is not None:
            return _to_program(event)
    return _program_page(request, event, advisor_form=form)


@login_required
@require_POST
def advisor_remove(request, pk: int, expert_pk: int):
    event = _managed(request.user, pk)
    expert = get_object_or_404(event.appointed_advisors, pk=expert_pk)
    services.advisor_remove(actor=request.user, event=event, expert=expert)
    return _to_program(event)


# --- registrations -----------------------------------------------------------------------------


@login_required
def registration_list(request, pk: int):
    event = _managed(request.user, pk)
    page = Paginator(selectors.registrations(event), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "page_obj": page,
        "registered": selectors.active_registrations(event).count(),
        "seats_left": selectors.seats_left(event),
    }
    return render(request, "events/registration_list.html", context)


@login_required
def registration_export(request, pk: int):
    event = _managed(request.user, pk)
    rows = list(selectors.registrations(event))
    services.export_recorded(actor=request.user, event=event, rows=len(rows))
    out = io.BytesIO()
    excel.write_registrations(event, rows, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"event-{event.pk}-registrations.xlsx"
    )
    return response


@login_required
def registration_cancel(request, pk: int, registration_pk: int):
    """Cancel a registration: the event's managers (any), the registrant (their own)."""
    event = selectors.event_get(request.user, pk)
    registration = get_object_or_404(event.registrations, pk=registration_pk)
    manager = rules.can_manage(request.user, event)
    if not manager and not rules.can_cancel_own(request.user, registration):
        raise Http404  # someone else's registration: its id says nothing

    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = run_on_form(
            form,
            lambda: services.registration_cancel(
                actor=request.user, registration=registration, reason=reason
            ),
        )
        if done is not None:
            messages.success(request, _("The registration is cancelled."))
            target = "events:registrations" if manager else "events:detail"
            return redirect(target, pk=event.pk)
    shown_phone = registration.phone if manager else mask_phone(registration.phone)
    context = {"event": event, "registration": registration, "form": form,
               "shown_phone": shown_phone, "manager": manager}  # fmt: skip
    return render(request, "events/registration_cancel.html", context)
