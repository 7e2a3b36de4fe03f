"""The consultations and seminars pages: who reaches each object page (right zone, wrong zone,
wrong role, anonymous), the waiting list shown and moved through the pages, the Excel export
(audited), both languages. The object URLs of tests/test_permission_matrix.py's EXTRA_URLS."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.services import services_events as svc
from gaoxin.services.choices import SeatStatus, SlotStatus

from .factories_events import known_calendar, make_advisor, make_seminar, make_series, register

pytestmark = pytest.mark.django_db
__all__ = ["known_calendar"]
ZO, PO, PR, EU, AD = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
)


def client_of(user, lang="zh-hans"):
    client = Client()
    client.cookies["django_language"] = lang  # pages follow the language switch's cookie
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def objs(world):
    advisor = make_advisor(world.a)
    series = make_series(advisor, weeks=3).series
    slots = list(series.slots.order_by("starts_at"))
    seminar = make_seminar(world.a.zone, capacity=1, park=world.a.park)
    seat = register(seminar, 1)
    return advisor, series, slots, seminar, seat


def test_object_pages_right_zone_wrong_zone_wrong_role_anonymous(world, objs):
    _advisor, series, slots, seminar, seat = objs
    gets = {
        "services:consultation_series_end": ({"pk": series.pk}, {ZO, PO, AD}, {PR}),
        "services:slot_detail": ({"pk": slots[0].pk}, {ZO, PO, PR, EU, AD}, set()),
        "services:seminar_detail": ({"pk": seminar.pk}, {ZO, PO, PR, EU, AD}, set()),
        "services:seminar_update": ({"pk": seminar.pk}, {ZO, PO}, {PR, EU, AD}),
        "services:seminar_export": ({"pk": seminar.pk}, {ZO, PO}, {PR, EU, AD}),
        "services:seminar_seat_cancel": (
            {"pk": seminar.pk, "seat_pk": seat.pk},
            {ZO, PO},
            set(),  # not the registrant's nor a manager's: 404 (its id says nothing)
        ),
    }
    for name, (kwargs, allowed, forbidden) in gets.items():
        url = reverse(name, kwargs=kwargs)
        assert client_of(None).get(url).status_code == 302, name
        for role in (ZO, PO, PR, EU, AD, Role.AUDITOR, Role.SYSTEM_ADMIN):
            status = client_of(world.a.users[role]).get(url).status_code
            expected = 200 if role in allowed else 403 if role in forbidden else None
            if expected is None:
                expected = 403 if role in (Role.AUDITOR, Role.SYSTEM_ADMIN) else 404
                if name == "services:seminar_seat_cancel" and role in (PR, EU, AD):
                    expected = 404
            assert status == expected, (name, role, status)
        for role in allowed:  # the same role of the other zone: 404
            if role == AD:
                continue  # side B's advisor account serves no zone: its own lists are empty
            status = client_of(world.b.users[role]).get(url).status_code
            assert status == 404, (name, role, status)


def test_posts_right_and_wrong_zone(world, objs):
    _advisor, _series, slots, seminar, seat = objs
    member = world.a.users[EU]
    # book: the enterprise of the zone; another zone's enterprise does not see the slot
    url = reverse("services:slot_action", kwargs={"pk": slots[0].pk, "action": "book"})
    assert client_of(None).post(url, {"topic": "x"}).status_code == 302
    assert client_of(world.b.users[EU]).post(url, {"topic": "x"}).status_code == 404
    assert client_of(world.a.users[ZO]).post(url, {"topic": "x"}).status_code == 403
    response = client_of(member).post(url, {"topic": "注册检验"})
    assert response.status_code == 302
    slots[0].refresh_from_db()
    assert slots[0].status == SlotStatus.BOOKED
    # register: the enterprise user (full: waiting list), not another zone's
    url = reverse("services:seminar_register", kwargs={"pk": seminar.pk})
    data = {"name": "企业用户", "phone": "13900005555", "organisation_name": "甲"}
    assert client_of(world.b.users[EU]).post(url, data).status_code == 404
    assert client_of(world.a.users[PR]).post(url, data).status_code == 403
    assert client_of(member).post(url, data).status_code == 302
    mine = seminar.seats.get(phone="13900005555")
    assert mine.status == SeatStatus.WAITING
    # the workflow buttons and attendance: the managers; the other zone's 404
    url = reverse("services:seminar_move", kwargs={"pk": seminar.pk, "name": "close"})
    assert client_of(world.b.users[ZO]).post(url).status_code == 404
    assert client_of(world.a.users[PR]).post(url).status_code == 403
    assert client_of(world.a.users[PO]).post(url).status_code == 302
    mark = reverse(
        "services:seminar_seat_mark",
        kwargs={"pk": seminar.pk, "seat_pk": seat.pk, "name": "attend"},
    )
    assert client_of(world.b.users[ZO]).post(mark).status_code == 404
    assert client_of(member).post(mark).status_code == 403
    client_of(world.a.users[ZO]).post(mark)  # before the start: refused with a message
    seat.refresh_from_db()
    assert seat.status == SeatStatus.REGISTERED


def test_waiting_list_through_the_pages(world, objs):
    """A full seminar: the next registrant is told they wait (number 1); when the seat is
    cancelled (with confirmation) the first waiting one has the seat."""
    _advisor, _series, _slots, seminar, seat = objs
    member = world.a.users[EU]
    client = client_of(member, "en")
    page = client.get(reverse("services:seminar_detail", kwargs={"pk": seminar.pk}))
    assert "Join the waiting list" in page.content.decode()
    assert "1/1" in page.content.decode()
    client.post(
        reverse("services:seminar_register", kwargs={"pk": seminar.pk}),
        {"name": "企业用户", "phone": "13900006666"},
    )
    page = client.get(reverse("services:seminar_detail", kwargs={"pk": seminar.pk}))
    assert "You are number 1 on the waiting list" in page.content.decode()
    staff = client_of(world.a.users[ZO])
    cancel = reverse("services:seminar_seat_cancel", kwargs={"pk": seminar.pk, "seat_pk": seat.pk})
    assert staff.get(cancel).status_code == 200  # the confirmation page
    response = staff.post(cancel, {"reason": ""})
    assert response.status_code == 200  # a reason is required from staff
    seat.refresh_from_db()
    assert seat.status == SeatStatus.REGISTERED
    assert staff.post(cancel, {"reason": "不来了"}).status_code == 302
    mine = seminar.seats.get(phone="13900006666")
    assert mine.status == SeatStatus.REGISTERED and mine.promoted_at is not None


def test_export_is_audited_and_pages_render_in_both_languages(world, objs):
    _advisor, _series, slots, seminar, _seat = objs
    staff = world.a.users[ZO]
    response = client_of(staff).get(reverse("services:seminar_export", kwargs={"pk": seminar.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="services.seat.export").count() == 1
    pages = [
        reverse("services:consultation_list"),
        reverse("services:consultation_series_create"),
        reverse("services:slot_detail", kwargs={"pk": slots[0].pk}),
        reverse("services:seminar_list"),
        reverse("services:seminar_list") + "?when=past",
        reverse("services:seminar_create"),
        reverse("services:seminar_detail", kwargs={"pk": seminar.pk}),
        reverse("services:seminar_update", kwargs={"pk": seminar.pk}),
    ]
    for lang, word in (("zh-hans", "研讨"), ("en", "Seminar")):
        client = client_of(staff, lang)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (url, lang)
        assert word in client.get(reverse("services:seminar_list")).content.decode()
    translation.activate("en")


def test_forms_reshow_with_field_errors(world, objs):
    advisor, *_ = objs
    staff = client_of(world.a.users[ZO], "en")
    today = timezone.localdate()
    response = staff.post(
        reverse("services:consultation_series_create"),
        {
            "advisor": advisor.pk,
            "weekday": 1,
            "start_time": "09:00",
            "minutes": 60,
            "location": "室",
            "first_date": today.isoformat(),
            "last_date": (today + datetime.timedelta(days=500)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "at most a year" in response.content.decode()
    response = staff.post(
        reverse("services:seminar_update", kwargs={"pk": objs[3].pk}),
        {
            "title": "t",
            "topic": "t",
            "starts_at": (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "venue": "v",
            "capacity": 0,
        },
    )
    assert response.status_code == 200 and "form-errors" in response.content.decode()


def test_series_end_and_slot_withdraw_pages(world, objs):
    _advisor, series, slots, _seminar, _seat = objs
    staff = client_of(world.a.users[PO])
    url = reverse("services:slot_action", kwargs={"pk": slots[1].pk, "action": "withdraw"})
    assert staff.post(url, {"withdraw-reason": "出差"}).status_code == 302
    slots[1].refresh_from_db()
    assert slots[1].status == SlotStatus.CANCELLED
    end = reverse("services:consultation_series_end", kwargs={"pk": series.pk})
    assert staff.post(end, {"reason": "任期结束"}).status_code == 302
    assert not series.slots.filter(status="open", starts_at__gt=timezone.now()).exists()
    assert svc.can_run_slots(world.a.users[AD], series.advisor)
