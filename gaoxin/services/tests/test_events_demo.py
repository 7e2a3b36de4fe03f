"""The services_events demo loader: hours of 昝明辉 and 万飞 with past slots held and future ones
booked, the full seminar with 2 waiting, the held one with attendance; a second run adds
nothing."""

from __future__ import annotations

import pytest

from gaoxin.services.demo_events import FULL_SEMINAR, PAST_SEMINAR, load_services_events_demo
from gaoxin.services.models import ConsultationSlot, Seminar

from .factories_events import known_calendar, make_advisor

pytestmark = pytest.mark.django_db
__all__ = ["known_calendar"]


def test_demo_is_complete_and_idempotent(world):
    from gaoxin.enterprises.tests.factories import EnterpriseFactory

    for name in ("河南恒天久大实业有限公司", "郑州赛为机电设备有限公司"):
        EnterpriseFactory(name=name, zone=world.a.zone, park=world.a.park)
    make_advisor(world.a, name="昝明辉")
    make_advisor(world.a, name="万飞", user=False)
    report = load_services_events_demo()
    assert not report.missing
    assert ConsultationSlot.objects.filter(status="held").exists()
    assert ConsultationSlot.objects.filter(status="booked").exists()
    full = Seminar.objects.get(title=FULL_SEMINAR)
    assert full.status == "open" and full.is_sample
    assert full.seats.filter(status="registered").count() == 20
    assert full.seats.filter(status="waiting").count() == 2
    past = Seminar.objects.get(title=PAST_SEMINAR)
    assert past.status == "held"
    assert past.seats.filter(status="attended").exists()
    assert past.seats.filter(status="absent").exists()
    counts = (ConsultationSlot.objects.count(), Seminar.objects.count())
    load_services_events_demo()
    assert (ConsultationSlot.objects.count(), Seminar.objects.count()) == counts
