"""The services of events: who may write, what is checked, what is audited; registration rules
(open, deadline, held, capacity, one per phone, rate limit)."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises.tests.factories import ParkFactory
from gaoxin.events import services
from gaoxin.events.choices import EventKind, OrganiserRole, RegistrationStatus
from gaoxin.events.models import Event, Registration
from gaoxin.experts.models import Expert

from .factories import future, make_event, make_signing, open_event

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {
        "kind": EventKind.BRIEFING,
        "title": "政策宣讲",
        "starts_on": future(),
        "venue": "会议室",
        **extra,
    }


# --- events ----------------------------------------------------------------------------------


def test_official_creates_an_event_of_their_zone_audited(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    event = services.event_create(actor=official, data=_data(park=world.a.park))
    assert event.zone == world.a.zone and event.created_by == official
    audit = AuditEvent.objects.get(action="events.event.create", object_id=str(event.pk))
    assert audit.actor_id == official.pk


def test_operator_creates_only_at_its_own_parks(world):
    operator = world.a.users[Role.PARK_OPERATOR]
    event = services.event_create(actor=operator, data=_data(park=world.a.park))
    assert event.park == world.a.park
    other_park = ParkFactory(zone=world.a.zone)  # run by another operator of the zone
    for park in (None, other_park):
        with pytest.raises(DomainError) as exc:
            services.event_create(actor=operator, data=_data(park=park))
        assert exc.value.field == "park"


def test_park_of_another_zone_is_refused(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    with pytest.raises(DomainError) as exc:
        services.event_create(actor=official, data=_data(park=world.b.park))
    assert exc.value.field == "park"
    assert not Event.objects.exists()


@pytest.mark.parametrize("role", [Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER, Role.AUDITOR])
def test_other_roles_create_nothing(world, role):
    with pytest.raises(PermissionDeniedError):
        services.event_create(actor=world.a.users[role], data=_data())


def test_bad_input_names_the_field_and_changes_nothing(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    with pytest.raises(DomainError) as exc:
        services.event_create(actor=official, data=_data(title=""))
    assert exc.value.field == "title"
    with pytest.raises(DomainError) as exc:
        services.event_create(actor=official, data=_data(registration_open=True, is_public=False))
    assert exc.value.field == "registration_open"
    with pytest.raises(DomainError) as exc:
        day = future()
        services.event_create(
            actor=official,
            data=_data(starts_on=day, registration_deadline=day + datetime.timedelta(days=1)),
        )
    assert exc.value.field == "registration_deadline"
    assert not Event.objects.exists()


def test_update_records_the_changes(world):
    event = make_event(world.a.zone)
    official = world.a.users[Role.ZONE_OFFICIAL]
    services.event_update(actor=official, event=event, data={"theme": "新主题", "participants": 80})
    audit = AuditEvent.objects.get(action="events.event.update")
    assert audit.data["changes"]["theme"] == ["", "新主题"]
    assert audit.data["changes"]["participants"] == [None, 80]


def test_update_by_the_wrong_people_is_refused(world):
    event = make_event(world.a.zone)  # no park: not an operator's
    for user in (world.a.users[Role.PARK_OPERATOR], world.b.users[Role.ZONE_OFFICIAL]):
        with pytest.raises(PermissionDeniedError):
            services.event_update(actor=user, event=event, data={"theme": "x"})
    event.refresh_from_db()
    assert event.theme == ""


def test_delete_only_without_signings_or_registrations(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    event = open_event(world.a)
    services.registration_create(event=event, name="李四", phone="13812341234")
    with pytest.raises(InvalidTransitionError):
        services.event_delete(actor=official, event=event)
    signed = make_event(world.a.zone, title="签约仪式")
    make_signing(signed, firm="甲公司", amount="1000000", owner=official)
    with pytest.raises(InvalidTransitionError):
        services.event_delete(actor=official, event=signed)
    empty = make_event(world.a.zone, title="空活动")
    services.event_delete(actor=official, event=empty, reason="重复录入")
    assert not Event.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.get(action="events.event.delete").reason == "重复录入"


def test_organisers_talks_and_advisors(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    event = make_event(world.a.zone)
    services.organiser_add(
        actor=official, event=event, role=OrganiserRole.GUIDING, name="", organisation=world.a.zone
    )
    organiser = event.organisers.get()
    assert organiser.name == world.a.zone.name
    with pytest.raises(DomainError):
        services.organiser_add(
            actor=official, event=event, role=OrganiserRole.GUIDING, name=world.a.zone.name
        )
    expert = Expert.objects.create(zone=world.a.zone, name="王专家", organisation_name="某大学")
    talk = services.talk_add(
        actor=official, event=event, speaker="", topic="成果转化", expert=expert
    )
    assert talk.speaker == "王专家"
    services.advisor_add(actor=official, event=event, expert=expert)
    assert list(event.appointed_advisors.all()) == [expert]
    stranger = Expert.objects.create(zone=world.b.zone, name="外区专家", organisation_name="某所")
    with pytest.raises(DomainError):
        services.advisor_add(actor=official, event=event, expert=stranger)
    services.organiser_remove(actor=official, organiser=organiser)
    services.talk_remove(actor=official, talk=talk)
    services.advisor_remove(actor=official, event=event, expert=expert)
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("pk"))
    assert actions[-6:] == [
        "events.organiser.add",
        "events.talk.add",
        "events.advisor.add",
        "events.organiser.remove",
        "events.talk.remove",
        "events.advisor.remove",
    ]


# --- registration ------------------------------------------------------------------------------


def test_register_anonymous_normalises_the_phone_and_audits_it_masked(world):
    event = open_event(world.a)
    r = services.registration_create(
        event=event, name=" 李四 ", phone="138 1234 1234", ip="1.2.3.4"
    )
    assert (r.name, r.phone, r.user) == ("李四", "13812341234", None)
    audit = AuditEvent.objects.get(action="events.registration.create")
    assert audit.data["phone"] == "138****1234" and audit.actor_id is None


def test_logged_in_user_is_linked_with_their_enterprise(world):
    member = world.a.users[Role.ENTERPRISE_USER]
    r = services.registration_create(
        event=open_event(world.a), name="王五", phone="13812341234", user=member
    )
    assert r.user == member and r.enterprise == world.a.enterprise


@pytest.mark.parametrize("phone", ["", "12345", "abc", "1381234123"])
def test_invalid_phone_names_the_field(world, phone):
    with pytest.raises(DomainError) as exc:
        services.registration_create(event=open_event(world.a), name="李四", phone=phone)
    assert exc.value.field == "phone"
    assert not Registration.objects.exists()


def test_one_active_registration_per_phone(world):
    event = open_event(world.a)
    first = services.registration_create(event=event, name="李四", phone="13812341234")
    with pytest.raises(DomainError) as exc:
        services.registration_create(event=event, name="李四", phone="138-1234-1234")
    assert exc.value.code == "duplicate" and exc.value.field == "phone"
    services.registration_cancel(actor=None, registration=first)
    again = services.registration_create(event=event, name="李四", phone="13812341234")
    assert again.status == RegistrationStatus.REGISTERED


def test_capacity(world):
    event = open_event(world.a, capacity=2)
    services.registration_create(event=event, name="甲", phone="13812341231")
    services.registration_create(event=event, name="乙", phone="13812341232")
    with pytest.raises(InvalidTransitionError) as exc:
        services.registration_create(event=event, name="丙", phone="13812341233")
    assert exc.value.code == "event_full"
    services.registration_cancel(actor=None, registration=Registration.objects.first())
    services.registration_create(event=event, name="丙", phone="13812341233")


@pytest.mark.parametrize(
    "fields",
    [
        {"registration_open": False},
        {"is_public": False, "registration_open": True},
        {"starts_on": datetime.date(2020, 1, 1)},
        {"registration_deadline": datetime.date(2020, 1, 1)},
    ],
    ids=["not-open", "not-public", "held", "deadline-passed"],
)
def test_closed_events_take_no_registration(world, fields):
    event = open_event(world.a, **fields)
    with pytest.raises(InvalidTransitionError) as exc:
        services.registration_create(event=event, name="李四", phone="13812341234")
    assert exc.value.code == "registration_closed"


def test_deadline_day_itself_is_open(world):
    day = future(10)
    event = open_event(world.a, registration_deadline=day)
    services.registration_create(event=event, name="李四", phone="13812341234", today=day)
    with pytest.raises(InvalidTransitionError):
        services.registration_create(
            event=event, name="王五", phone="13812341235", today=day + datetime.timedelta(days=1)
        )


@override_settings(EVENTS_PUBLIC_REGISTRATIONS_PER_HOUR=2)
def test_rate_limit_per_address_for_visitors_only(world):
    event = open_event(world.a)
    for n in range(2):
        services.registration_create(event=event, name="访客", phone=f"1381234123{n}", ip="9.9.9.9")
    with pytest.raises(DomainError) as exc:
        services.registration_create(event=event, name="访客", phone="13812341239", ip="9.9.9.9")
    assert exc.value.code == "too_many"
    services.registration_create(event=event, name="访客", phone="13812341238", ip="8.8.8.8")
    member = world.a.users[Role.ENTERPRISE_USER]
    services.registration_create(
        event=event, name="会员", phone="13812341237", ip="9.9.9.9", user=member
    )
    assert Registration.objects.count() == 4


def test_cancel_by_registrant_or_manager_only(world):
    event = open_event(world.a)
    member = world.a.users[Role.ENTERPRISE_USER]
    mine = services.registration_create(event=event, name="王五", phone="13812341234", user=member)
    other = services.registration_create(event=event, name="李四", phone="13812341235")
    with pytest.raises(PermissionDeniedError):
        services.registration_cancel(actor=member, registration=other)
    with pytest.raises(PermissionDeniedError):
        services.registration_cancel(actor=world.b.users[Role.ZONE_OFFICIAL], registration=other)
    services.registration_cancel(actor=member, registration=mine)
    official = world.a.users[Role.ZONE_OFFICIAL]
    services.registration_cancel(actor=official, registration=other, reason="本人电话取消")
    with pytest.raises(InvalidTransitionError):
        services.registration_cancel(actor=official, registration=other)
    audit = AuditEvent.objects.filter(action="events.registration.cancel").order_by("pk").last()
    assert audit.reason == "本人电话取消" and audit.data["phone"] == "138****1235"


def test_organisers_come_from_the_zone_or_no_zone(world):
    from gaoxin.accounts.choices import OrganisationKind
    from gaoxin.accounts.tests.factories import OrganisationFactory

    official = world.a.users[Role.ZONE_OFFICIAL]
    event = make_event(world.a.zone)
    association = OrganisationFactory(
        name="某行业协会", kind=OrganisationKind.INDUSTRY_ASSOCIATION, zone=None
    )
    for ok in (world.a.zone, world.a.operator, association):
        services.organiser_add(
            actor=official, event=event, role=OrganiserRole.HOSTING, name="", organisation=ok
        )
    for other in (world.b.zone, world.b.operator, world.b.enterprise.organisation):
        with pytest.raises(DomainError) as exc:
            services.organiser_add(
                actor=official, event=event, role=OrganiserRole.HOSTING, name="", organisation=other
            )
        assert exc.value.field == "organisation"
    assert event.organisers.count() == 3
