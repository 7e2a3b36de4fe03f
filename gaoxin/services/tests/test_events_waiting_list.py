"""The seminar waiting list: a full seminar puts the next registrant on the waiting list;
cancelling a seat moves the first waiting one up (only one, in order); a waiting one's
cancellation moves nobody; a raised capacity moves them up in order; a lowered one below the
seats taken is refused; one active registration per phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.notifications.models import Notification
from gaoxin.services import services_events as svc
from gaoxin.services.choices import SeatStatus

from .factories_events import known_calendar, make_seminar, register

pytestmark = pytest.mark.django_db
__all__ = ["known_calendar"]


def statuses(seminar):
    return [s.status for s in seminar.seats.order_by("created_at", "id")]


def test_full_seminar_puts_the_next_on_the_waiting_list(world):
    seminar = make_seminar(world.a.zone, capacity=2)
    a, b, c = register(seminar, 1), register(seminar, 2), register(seminar, 3)
    assert (a.status, b.status, c.status) == ("registered", "registered", "waiting")
    assert AuditEvent.objects.filter(action="services.seat.register").count() == 3


def test_cancelling_a_seat_moves_the_first_waiting_up_and_only_one(world):
    seminar = make_seminar(world.a.zone, capacity=2)
    member = world.a.users[Role.ENTERPRISE_USER]
    first = register(seminar, 1)
    register(seminar, 2)
    w1 = svc.seat_register(actor=member, seminar=seminar, name="等候一", phone="13900009991")
    w2 = register(seminar, 4)
    w3 = register(seminar, 5)
    svc.seat_cancel(actor=world.a.users[Role.ZONE_OFFICIAL], seat=first, reason="不来了")
    w1.refresh_from_db(), w2.refresh_from_db(), w3.refresh_from_db()
    assert w1.status == SeatStatus.REGISTERED and w1.promoted_at is not None
    assert (w2.status, w3.status) == ("waiting", "waiting")
    assert (
        Notification.objects.filter(recipient=member, link__contains=str(seminar.pk)).count() == 1
    )
    assert AuditEvent.objects.filter(action="services.seat.promote").count() == 1
    # the next cancellation moves the next one, in order
    svc.seat_cancel(actor=None, seat=w1)
    w2.refresh_from_db(), w3.refresh_from_db()
    assert (w2.status, w3.status) == ("registered", "waiting")


def test_cancelling_a_waiting_one_moves_nobody(world):
    seminar = make_seminar(world.a.zone, capacity=1)
    register(seminar, 1)
    w1, w2 = register(seminar, 2), register(seminar, 3)
    svc.seat_cancel(actor=None, seat=w1)
    w2.refresh_from_db()
    assert w2.status == SeatStatus.WAITING
    assert statuses(seminar) == ["registered", "cancelled", "waiting"]


def test_raising_the_capacity_moves_the_waiting_up_in_order(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    seminar = make_seminar(world.a.zone, capacity=1)
    for n in range(1, 5):
        register(seminar, n)
    svc.seminar_update(actor=official, seminar=seminar, data={"capacity": 3})
    assert statuses(seminar) == ["registered", "registered", "registered", "waiting"]


def test_lowering_the_capacity_below_the_seats_taken_is_refused(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    seminar = make_seminar(world.a.zone, capacity=3)
    for n in range(1, 4):
        register(seminar, n)
    with pytest.raises(DomainError) as exc:
        svc.seminar_update(actor=official, seminar=seminar, data={"capacity": 2})
    assert exc.value.field == "capacity"
    seminar.refresh_from_db()
    assert seminar.capacity == 3


def test_one_active_registration_per_phone(world):
    seminar = make_seminar(world.a.zone, capacity=5)
    seat = register(seminar, 1)
    with pytest.raises(DomainError) as exc:
        register(seminar, 1)
    assert exc.value.field == "phone"
    svc.seat_cancel(actor=None, seat=seat)
    assert register(seminar, 1).status == SeatStatus.REGISTERED


def test_registration_refused_when_not_open_or_past_the_deadline(world):
    seminar = make_seminar(world.a.zone, capacity=5, open_it=False)
    with pytest.raises(InvalidTransitionError):
        register(seminar, 1)
    svc.seminar_move(actor=None, seminar=seminar, name="open")
    seminar.registration_deadline = timezone.localdate()
    seminar.save()
    later = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(InvalidTransitionError):
        register(seminar, 2, now=later)


def test_registrants_of_another_zone_are_refused(world):
    seminar = make_seminar(world.a.zone)
    with pytest.raises(PermissionDeniedError):
        svc.seat_register(
            actor=world.b.users[Role.ENTERPRISE_USER],
            seminar=seminar,
            name="乙",
            phone="13900001111",
        )
    with pytest.raises(PermissionDeniedError):
        svc.seat_register(
            actor=world.a.users[Role.ADVISOR], seminar=seminar, name="顾问", phone="13900001112"
        )


def test_staff_cancel_needs_a_reason_and_the_registrant_cancels_their_own(world):
    member = world.a.users[Role.ENTERPRISE_USER]
    seminar = make_seminar(world.a.zone, capacity=5)
    mine = svc.seat_register(actor=member, seminar=seminar, name="本人", phone="13900002222")
    other = register(seminar, 9)
    with pytest.raises(DomainError):
        svc.seat_cancel(actor=world.a.users[Role.ZONE_OFFICIAL], seat=other, reason="")
    with pytest.raises(PermissionDeniedError):
        svc.seat_cancel(actor=member, seat=other)
    svc.seat_cancel(actor=member, seat=mine)
    mine.refresh_from_db()
    assert mine.status == SeatStatus.CANCELLED


def test_cancelling_the_seminar_tells_the_registrants(world):
    member = world.a.users[Role.ENTERPRISE_USER]
    seminar = make_seminar(world.a.zone, capacity=1)
    register(seminar, 1)
    svc.seat_register(actor=member, seminar=seminar, name="等候", phone="13900003333")
    svc.seminar_move(
        actor=world.a.users[Role.ZONE_OFFICIAL], seminar=seminar, name="cancel", reason="场地冲突"
    )
    note = Notification.objects.get(recipient=member)
    assert "场地冲突" in note.body


def test_attendance_only_after_the_start(world):
    seminar = make_seminar(world.a.zone, capacity=2)
    seat = register(seminar, 1)
    official = world.a.users[Role.ZONE_OFFICIAL]
    with pytest.raises(InvalidTransitionError):
        svc.seat_attend(actor=official, seat=seat)
    later = seminar.starts_at + datetime.timedelta(minutes=10)
    svc.seat_attend(actor=official, seat=seat, now=later)
    svc.seat_absent(actor=official, seat=seat, now=later)
    seat.refresh_from_db()
    assert seat.status == SeatStatus.ABSENT
    with pytest.raises(PermissionDeniedError):
        svc.seat_attend(actor=world.b.users[Role.ZONE_OFFICIAL], seat=seat, now=later)
