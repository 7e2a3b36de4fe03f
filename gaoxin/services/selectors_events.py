"""Reads of the consultations and seminars, scoped by the user through ``scoping.py``."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope

from .choices import SeatStatus, SlotStatus
from .models import (
    Advisor,
    ConsultationSeries,
    ConsultationSlot,
    Seminar,
    SeminarSeat,
    ServiceDomain,
)
from .scoping import advisors_of, enterprise_of, visible_seminars, visible_slots
from .services_events import TAKING_A_SEAT, can_manage_seminar, can_run_slots


def slot_list(
    user,
    *,
    advisor: Advisor | None = None,
    domain: ServiceDomain | None = None,
    week: datetime.date | None = None,
    status: str = "",
    upcoming: bool = True,
    now: datetime.datetime | None = None,
) -> QuerySet[ConsultationSlot]:
    """The slots the user sees; ``week`` is any day of the week wanted (Monday to Sunday)."""
    now = now or timezone.now()
    qs = visible_slots(user).select_related("advisor__expert", "enterprise", "series__domain")
    if advisor is not None:
        qs = qs.filter(advisor=advisor)
    if domain is not None:
        qs = qs.filter(Q(series__domain=domain) | Q(series__domain__parent=domain))
    if week is not None:
        monday = week - datetime.timedelta(days=week.weekday())
        start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
        qs = qs.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=7))
    if status:
        qs = qs.filter(status=status)
    if upcoming:
        qs = qs.filter(starts_at__gt=now)
    return qs.order_by("starts_at", "advisor_id")


def my_bookings(user, *, now: datetime.datetime | None = None) -> QuerySet[ConsultationSlot]:
    enterprise = enterprise_of(user)
    if enterprise is None:
        return ConsultationSlot.objects.none()
    return (
        ConsultationSlot.objects.filter(enterprise=enterprise)
        .exclude(status=SlotStatus.OPEN)
        .select_related("advisor__expert")
        .order_by("-starts_at")
    )


def slot_get(user, pk: int) -> ConsultationSlot:
    """A slot the user sees (an enterprise: open ones and its own bookings), else 404."""
    return get_object_or_404(
        visible_slots(user).select_related("advisor__expert", "enterprise", "series"), pk=pk
    )


def series_list(user) -> QuerySet[ConsultationSeries]:
    qs = ConsultationSeries.objects.select_related("advisor__expert", "domain")
    scoped = staff_scope(qs, user)
    if scoped is None:
        scoped = (
            qs.filter(advisor__in=advisors_of(user)) if user.role == Role.ADVISOR else qs.none()
        )
    return scoped.annotate(
        open_slots=Count("slots", filter=Q(slots__status=SlotStatus.OPEN)),
        booked_slots=Count("slots", filter=Q(slots__status=SlotStatus.BOOKED)),
    ).order_by("-last_date", "advisor__expert__name")


def series_get(user, pk: int) -> ConsultationSeries:
    return get_object_or_404(series_list(user), pk=pk)


def advisors_for_series(user) -> QuerySet[Advisor]:
    """The advisors whose hours the user may set: an advisor their own; the zone's officials
    and park operators the zone's advisors."""
    qs = Advisor.objects.select_related("expert").order_by("expert__name")
    if user.role == Role.ADVISOR:
        return qs.filter(pk__in=advisors_of(user))
    if user.role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR) and user.organisation_id:
        home = user.organisation.home_zone
        return qs.filter(zone=home) if home else qs.none()
    return qs.none()


def may_run_slot(user, slot: ConsultationSlot) -> bool:
    return can_run_slots(user, slot.advisor)


def seminar_list(
    user, *, when: str = "upcoming", now: datetime.datetime | None = None
) -> QuerySet[Seminar]:
    now = now or timezone.now()
    qs = visible_seminars(user).select_related("park", "domain")
    qs = qs.annotate(
        taken=Count("seats", filter=Q(seats__status__in=TAKING_A_SEAT)),
        waiting=Count("seats", filter=Q(seats__status=SeatStatus.WAITING)),
    )
    if when == "past":
        return qs.filter(starts_at__lte=now).order_by("-starts_at", "title")
    return qs.filter(starts_at__gt=now).order_by("starts_at", "title")


def seminar_get(user, pk: int) -> Seminar:
    return get_object_or_404(visible_seminars(user).select_related("park", "domain", "zone"), pk=pk)


def seminar_counts(seminar: Seminar) -> dict[str, int]:
    taken = seminar.seats.filter(status__in=TAKING_A_SEAT).count()
    waiting = seminar.seats.filter(status=SeatStatus.WAITING).count()
    return {
        "taken": taken,
        "waiting": waiting,
        "left": max(seminar.capacity - taken, 0),
        "percent": min(100, round(100 * taken / seminar.capacity)) if seminar.capacity else 0,
    }


def seats(seminar: Seminar) -> QuerySet[SeminarSeat]:
    return seminar.seats.select_related("enterprise", "user").order_by("created_at", "id")


def own_seats(user, seminar: Seminar) -> list[SeminarSeat]:
    """The user's active registrations (an enterprise user: theirs), with their place on the
    waiting list (``position``, 1 is next)."""
    if not user.is_authenticated:
        return []
    mine = list(
        seminar.seats.filter(
            user=user, status__in=(SeatStatus.REGISTERED, SeatStatus.WAITING)
        ).order_by("created_at", "id")
    )
    for seat in mine:
        seat.position = waiting_position(seat) if seat.status == SeatStatus.WAITING else None
    return mine


def waiting_position(seat: SeminarSeat) -> int:
    before = SeminarSeat.objects.filter(
        seminar_id=seat.seminar_id, status=SeatStatus.WAITING
    ).filter(Q(created_at__lt=seat.created_at) | Q(created_at=seat.created_at, id__lt=seat.id))
    return before.count() + 1


def may_manage(user, seminar: Seminar) -> bool:
    return can_manage_seminar(user, seminar)
