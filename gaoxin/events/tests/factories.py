"""Events for tests: made directly (the services are what the tests exercise)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.events.choices import EventKind
from gaoxin.events.models import Event


def future(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def make_event(zone, **fields) -> Event:
    """A public event of ``zone`` in 30 days (open for registration when asked)."""
    data = {
        "kind": EventKind.BRIEFING,
        "title": "测试宣讲会",
        "starts_on": future(),
        "venue": "报告厅",
        "is_public": True,
    }
    data.update(fields)
    return Event.objects.create(zone=zone, **data)


def open_event(side, **fields) -> Event:
    """A public event of ``side``'s zone at its park, open for registration."""
    data = {"title": "开放报名的活动", "park": side.park, "registration_open": True}
    return make_event(side.zone, **{**data, **fields})


def hidden_event(side, **fields) -> Event:
    return make_event(side.zone, **{"title": "内部活动", "is_public": False, **fields})


def make_signing(event, *, firm: str, amount: str, owner) -> object:
    from gaoxin.investment.models import Lead, Signing

    lead = Lead.objects.create(
        zone=event.zone,
        firm_name=firm,
        source="other",
        owner=owner,
        contact_on=datetime.date(2025, 1, 1),
        status="signed",
    )
    return Signing.objects.create(
        lead=lead,
        signed_on=event.starts_on,
        amount=Decimal(amount),
        event=event,
        recorded_by=owner,
    )


# For the permission matrices (tests/): side A's events, made once per test.


def open_event_of_a(w) -> Event:
    if not hasattr(w, "a_open_event"):
        w.a_open_event = open_event(w.a)
    return w.a_open_event


def hidden_event_of_a(w) -> Event:
    if not hasattr(w, "a_hidden_event"):
        w.a_hidden_event = hidden_event(w.a, park=w.a.park)
    return w.a_hidden_event


def registration_of_a(w):
    if not hasattr(w, "a_registration"):
        from gaoxin.events import services

        w.a_registration = services.registration_create(
            event=open_event_of_a(w),
            name="张三",
            phone="13812341234",
            user=w.a.users[Role.ENTERPRISE_USER],
        )
    return w.a_registration
