"""Consultation hours and slots: series generation (holidays skipped, overlaps refused, at most
a year), booking rules (own enterprise, future open slots, at most two with one advisor, the
second booker refused), release / hold / withdraw and who is told."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.core.workdays import is_workday
from gaoxin.notifications.models import Notification
from gaoxin.services import services_events as svc
from gaoxin.services.choices import SlotStatus
from gaoxin.services.models import ConsultationSlot

from .factories_events import known_calendar, make_advisor, make_series

pytestmark = pytest.mark.django_db
__all__ = ["known_calendar"]


@pytest.fixture
def advisor(world):
    return make_advisor(world.a)


def test_series_makes_weekly_slots_on_working_days(world, advisor):
    result = make_series(advisor, weeks=4)
    slots = list(result.series.slots.order_by("starts_at"))
    assert len(slots) == result.created == 4 - len(result.skipped)
    assert all(is_workday(timezone.localdate(s.starts_at)) for s in slots)
    assert {timezone.localdate(s.starts_at).weekday() for s in slots} == {result.series.weekday}


def test_series_skips_a_holiday(world, advisor):
    """2026-10-01 (National Day, a Thursday) is a holiday: a Thursday series over it skips it."""
    result = svc.series_create(
        actor=None,
        advisor=advisor,
        weekday=3,
        start_time=datetime.time(9),
        minutes=60,
        location="室",
        first_date=datetime.date(2026, 9, 24),
        last_date=datetime.date(2026, 10, 15),
    )
    days = [timezone.localdate(s.starts_at) for s in result.series.slots.all()]
    assert datetime.date(2026, 10, 1) in result.skipped
    assert datetime.date(2026, 10, 1) not in days
    assert result.created == len(days) == 4 - len(result.skipped)


def test_series_refuses_an_overlap_naming_the_clash(world, advisor):
    first = make_series(advisor, weeks=2, start=datetime.time(9, 0))
    with pytest.raises(DomainError) as exc:
        make_series(advisor, weeks=2, start=datetime.time(9, 30))
    assert exc.value.field == "start_time"
    assert "09:00" in exc.value.message
    assert ConsultationSlot.objects.filter(advisor=advisor).count() == first.created


def test_series_at_most_a_year_and_not_in_the_past(world, advisor):
    official = world.a.users[Role.ZONE_OFFICIAL]
    today = timezone.localdate()
    common = dict(advisor=advisor, weekday=1, start_time=datetime.time(9), location="室")
    with pytest.raises(DomainError) as exc:
        svc.series_create(
            actor=official,
            first_date=today,
            last_date=today + datetime.timedelta(days=400),
            **common,
        )
    assert exc.value.field == "last_date"
    with pytest.raises(DomainError) as exc:
        svc.series_create(
            actor=official, first_date=today - datetime.timedelta(days=1), last_date=today, **common
        )
    assert exc.value.field == "first_date"


def test_who_sets_hours(world, advisor):
    today = timezone.localdate()
    common = dict(
        advisor=advisor,
        weekday=1,
        start_time=datetime.time(9),
        location="室",
        first_date=today,
        last_date=today + datetime.timedelta(days=30),
    )
    for role in (Role.ENTERPRISE_USER, Role.PROVINCIAL_REVIEWER):
        with pytest.raises(PermissionDeniedError):
            svc.series_create(actor=world.a.users[role], **common)
    with pytest.raises(PermissionDeniedError):
        svc.series_create(actor=world.b.users[Role.ZONE_OFFICIAL], **common)
    # the advisor themself may
    assert svc.series_create(actor=world.a.users[Role.ADVISOR], **common).created >= 1


def _open_slot(advisor):
    return make_series(advisor, weeks=4).series.slots.order_by("starts_at")


def test_booking_rules(world, advisor):
    member = world.a.users[Role.ENTERPRISE_USER]
    slots = list(_open_slot(advisor))
    svc.slot_book(actor=member, slot=slots[0], topic="注册检验")
    slots[0].refresh_from_db()
    assert slots[0].status == SlotStatus.BOOKED and slots[0].enterprise == world.a.enterprise
    # the advisor is told
    assert Notification.objects.filter(recipient=world.a.users[Role.ADVISOR]).count() == 1
    # the second booker is refused with a clear message
    with pytest.raises(InvalidTransitionError) as exc:
        svc.slot_book(actor=member, slot=slots[0], topic="再来")
    assert exc.value.code == "slot_taken"
    svc.slot_book(actor=member, slot=slots[1], topic="临床评价")
    # at most two future bookings with one advisor
    with pytest.raises(DomainError) as exc:
        svc.slot_book(actor=member, slot=slots[2], topic="第三次")
    assert exc.value.code == "too_many_bookings"
    # no topic, another zone's enterprise, a staff member: refused
    with pytest.raises(DomainError):
        svc.slot_book(actor=member, slot=slots[3], topic="  ")
    for user in (world.b.users[Role.ENTERPRISE_USER], world.a.users[Role.ZONE_OFFICIAL]):
        with pytest.raises(PermissionDeniedError):
            svc.slot_book(actor=user, slot=slots[3], topic="x")


def test_booking_a_started_slot_is_refused(world, advisor):
    slot = _open_slot(advisor).first()
    with pytest.raises(InvalidTransitionError):
        svc.slot_book(
            actor=world.a.users[Role.ENTERPRISE_USER],
            slot=slot,
            topic="迟到",
            now=slot.starts_at + datetime.timedelta(minutes=1),
        )


def test_the_conditional_update_refuses_the_second_booker(world, advisor):
    """Two bookers read the slot open; the one whose UPDATE comes second is refused."""
    slot = _open_slot(advisor).first()
    stale = ConsultationSlot.objects.get(pk=slot.pk)
    svc.slot_book(actor=world.a.users[Role.ENTERPRISE_USER], slot=slot, topic="先到")
    from gaoxin.accounts.tests.factories import UserFactory
    from gaoxin.enterprises.tests.factories import EnterpriseFactory

    other = EnterpriseFactory(zone=world.a.zone, park=world.a.park)
    late = UserFactory(role=Role.ENTERPRISE_USER, organisation=other.organisation)
    with pytest.raises(InvalidTransitionError) as exc:
        svc.slot_book(actor=late, slot=stale, topic="后到")
    assert "刚被他人预约" in exc.value.message
    slot.refresh_from_db()
    assert slot.enterprise == world.a.enterprise


def test_release_by_the_booker_before_the_start_tells_the_advisor(world, advisor):
    member = world.a.users[Role.ENTERPRISE_USER]
    slot = _open_slot(advisor).first()
    svc.slot_book(actor=member, slot=slot, topic="议题")
    with pytest.raises(InvalidTransitionError):
        svc.slot_release(
            actor=member,
            slot=slot,
            reason="晚了",
            now=slot.starts_at + datetime.timedelta(minutes=5),
        )
    svc.slot_release(actor=member, slot=slot, reason="时间冲突")
    slot.refresh_from_db()
    assert slot.status == SlotStatus.OPEN and slot.enterprise is None and slot.topic == ""


def test_withdraw_tells_the_booker_and_hold_after_the_start(world, advisor):
    member = world.a.users[Role.ENTERPRISE_USER]
    adv_user = world.a.users[Role.ADVISOR]
    first, second = list(_open_slot(advisor)[:2])
    svc.slot_book(actor=member, slot=first, topic="议题")
    svc.slot_withdraw(actor=adv_user, slot=first, reason="出差")
    assert Notification.objects.filter(recipient=member, body__contains="出差").exists()
    svc.slot_book(actor=member, slot=second, topic="议题二")
    with pytest.raises(InvalidTransitionError):
        svc.slot_hold(actor=adv_user, slot=second, notes="早了")
    svc.slot_hold(
        actor=adv_user,
        slot=second,
        notes="已答疑",
        now=second.starts_at + datetime.timedelta(hours=1),
    )
    second.refresh_from_db()
    assert second.status == SlotStatus.HELD and second.notes == "已答疑"
    with pytest.raises(PermissionDeniedError):
        svc.slot_withdraw(actor=world.b.users[Role.ZONE_OFFICIAL], slot=second, reason="x")


def test_series_end_withdraws_the_future_open_slots_only(world, advisor):
    member = world.a.users[Role.ENTERPRISE_USER]
    result = make_series(advisor, weeks=4)
    slots = list(result.series.slots.order_by("starts_at"))
    svc.slot_book(actor=member, slot=slots[0], topic="议题")
    withdrawn = svc.series_end(
        actor=world.a.users[Role.PARK_OPERATOR], series=result.series, reason="顾问任期结束"
    )
    assert withdrawn == len(slots) - 1
    assert ConsultationSlot.objects.filter(series=result.series, status="booked").count() == 1
