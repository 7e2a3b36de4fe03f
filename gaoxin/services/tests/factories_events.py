"""Objects of the consultations and seminars tests (the events part's own factories)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.experts.tests.factories import ExpertFactory
from gaoxin.services import services_events as svc
from gaoxin.services.models import Advisor, ServiceDomain


@pytest.fixture(autouse=True)
def known_calendar(db):
    """The sample 2027 holiday arrangement (series and seminars reach into next year)."""
    from gaoxin.core.holidays.demo import load_holiday_demo

    load_holiday_demo()


def make_advisor(side, *, user=None, name="顾问甲") -> Advisor:
    """An advisor of ``side``'s zone; linked to the side's advisor account unless ``user`` is
    given (False: no account)."""
    account = side.users[Role.ADVISOR] if user is None else (user or None)
    expert = ExpertFactory(zone=side.zone, name=name, user=account)
    advisor = Advisor.objects.create(
        zone=side.zone, expert=expert, term_start=datetime.date(2025, 1, 1)
    )
    advisor.domains.set(ServiceDomain.objects.filter(code="compliance"))
    return advisor


def next_workday_weekday() -> tuple[datetime.date, int]:
    """A future working Wednesday/Thursday far from holidays is hard to promise, so: the first
    day from tomorrow that is a working day, and its weekday."""
    from gaoxin.core.workdays import is_workday

    day = timezone.localdate() + datetime.timedelta(days=1)
    while not is_workday(day):
        day += datetime.timedelta(days=1)
    return day, day.weekday()


def make_series(advisor, *, weeks: int = 4, start=datetime.time(9, 0), first=None):
    first_day, weekday = next_workday_weekday() if first is None else (first, first.weekday())
    return svc.series_create(
        actor=None,
        advisor=advisor,
        weekday=weekday,
        start_time=start,
        minutes=60,
        location="测试咨询室",
        first_date=first_day,
        last_date=first_day + datetime.timedelta(days=7 * weeks - 1),
    )


def make_seminar(zone, *, capacity: int = 2, open_it: bool = True, days: int = 10, park=None):
    starts = timezone.now() + datetime.timedelta(days=days)
    seminar = svc.seminar_create(
        actor=None,
        zone=zone,
        data={
            "title": "测试专题研讨",
            "topic": "医疗器械注册合规",
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "venue": "测试报告厅",
            "capacity": capacity,
            "park": park,
        },
        speakers=[{"name": "万飞", "title": "注册部副总监", "topic": "注册合规"}],
    )
    if open_it:
        svc.seminar_move(actor=None, seminar=seminar, name="open")
        seminar.refresh_from_db()
    return seminar


def register(seminar, n: int, *, actor=None, now=None):
    return svc.seat_register(
        actor=actor,
        seminar=seminar,
        name=f"参会人{n}",
        phone=f"1390000{n:04d}",
        organisation_name="测试企业",
        now=now,
    )
