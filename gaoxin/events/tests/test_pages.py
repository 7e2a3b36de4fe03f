"""The event pages: what the public and the staff of each side see, registration through the
page, the staff's forms and the registrations' export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.events import services
from gaoxin.events.choices import EventKind, OrganiserRole, RegistrationStatus
from gaoxin.events.models import Event, Registration

from .factories import hidden_event, make_event, make_signing, open_event

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [e.title for e in response.context["page_obj"].object_list]


def test_list_public_for_everyone_non_public_for_the_zone_staff(client, world):
    make_event(world.a.zone, title="公开活动")
    hidden_event(world.a, title="A区内部活动")
    hidden_event(world.b, title="B区内部活动")
    assert _titles(client.get(reverse("events:list"))) == ["公开活动"]
    for role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER):
        client.force_login(world.a.users[role])
        response = client.get(reverse("events:list"))
        assert sorted(_titles(response)) == ["A区内部活动", "公开活动"], role
        assert b'data-testid="not-public"' in response.content
    for role in (Role.ENTERPRISE_USER, Role.AUDITOR):
        client.force_login(world.a.users[role])
        assert _titles(client.get(reverse("events:list"))) == ["公开活动"]
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    assert sorted(_titles(client.get(reverse("events:list")))) == ["B区内部活动", "公开活动"]


def test_list_upcoming_first_then_past_and_filters(client, world):
    today = datetime.date.today()
    make_event(world.a.zone, title="明年", starts_on=today + datetime.timedelta(days=300))
    make_event(world.a.zone, title="下周", starts_on=today + datetime.timedelta(days=7))
    make_event(
        world.a.zone, title="去年", starts_on=datetime.date(2024, 5, 1), kind=EventKind.CONFERENCE
    )
    make_event(world.a.zone, title="上月", starts_on=today - datetime.timedelta(days=30))
    assert _titles(client.get(reverse("events:list"))) == ["下周", "明年", "上月", "去年"]
    response = client.get(reverse("events:list"), {"kind": "conference"})
    assert _titles(response) == ["去年"]
    assert _titles(client.get(reverse("events:list"), {"year": 2024})) == ["去年"]


def test_empty_state(client, world):
    response = client.get(reverse("events:list"))
    assert b'data-testid="no-events"' in response.content


def test_portal_links_the_events(client, world):
    response = client.get(reverse("portal:policy_list"))
    assert reverse("events:list").encode() in response.content


def test_detail_organisers_grouped_and_signings_by_audience(client, world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    event = make_event(world.a.zone, title="大会", park=world.a.park, outcomes="发布规划\n签约")
    services.organiser_add(actor=official, event=event, role=OrganiserRole.HOSTING, name="协会乙")
    services.organiser_add(actor=official, event=event, role=OrganiserRole.GUIDING, name="管委会")
    make_signing(event, firm="甲医疗有限公司", amount="30000000", owner=official)
    make_signing(event, firm="乙科技有限公司", amount="20000000", owner=official)
    response = client.get(reverse("events:detail", args=[event.pk]))
    body = response.content.decode()
    assert body.index("管委会") < body.index("协会乙")  # 指导 before 主办
    assert 'data-testid="signing-count"' in body and "甲医疗有限公司" not in body
    assert "signing-total" not in body
    assert world.a.park.name in body
    assert reverse("parks:public", args=[world.a.park.pk]) in body  # the venue's public page
    client.force_login(official)
    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "甲医疗有限公司" in body and "5,000" in body  # 50 000 000 yuan = 5 000 万元
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])  # public, but not B's staff
    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "甲医疗有限公司" not in body


def test_register_through_the_page_prefilled_for_a_user(client, world):
    event = open_event(world.a, capacity=1)
    member = world.a.users[Role.ENTERPRISE_USER]
    client.force_login(member)
    form = client.get(reverse("events:detail", args=[event.pk])).context["registration_form"]
    assert form.initial["organisation_name"] == member.organisation.name
    response = client.post(
        reverse("events:register", args=[event.pk]),
        {"name": "王五", "organisation_name": "甲公司", "phone": "13812341234"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.user == member and registration.enterprise == world.a.enterprise
    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert 'data-testid="registered"' in body and 'data-testid="cancel-mine"' in body
    client.logout()
    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert 'data-testid="registration-full"' in body


def test_register_errors_are_shown_on_the_field(client, world):
    event = open_event(world.a)
    services.registration_create(event=event, name="李四", phone="13812341234")
    url = reverse("events:register", args=[event.pk])
    response = client.post(url, {"name": "李四", "phone": "13812341234"})
    assert response.status_code == 200
    assert "phone" in response.context["registration_form"].errors
    response = client.post(url, {"name": "李四", "phone": "123"})
    assert "phone" in response.context["registration_form"].errors
    assert Registration.objects.count() == 1


def test_closed_event_shows_why(client, world):
    event = open_event(world.a, registration_deadline=datetime.date.today() - datetime.timedelta(1))
    body = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert 'data-testid="registration-closed"' in body
    assert 'data-testid="registration-form"' not in body


def test_registrations_list_export_and_cancel_by_the_manager(client, world):
    event = open_event(world.a)
    registration = services.registration_create(event=event, name="李四", phone="13812341234")
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    body = client.get(reverse("events:registrations", args=[event.pk])).content.decode()
    assert "13812341234" in body
    response = client.get(reverse("events:registration_export", args=[event.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "李四" and rows[1][2] == "13812341234"
    assert AuditEvent.objects.filter(action="events.registration.export").count() == 1
    url = reverse("events:registration_cancel", args=[event.pk, registration.pk])
    assert client.get(url).status_code == 200  # the confirmation
    response = client.post(url, {"reason": "重复报名"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_registrant_sees_their_phone_masked_on_the_cancel_page(client, world):
    event = open_event(world.a)
    member = world.a.users[Role.ENTERPRISE_USER]
    mine = services.registration_create(event=event, name="王五", phone="13812341234", user=member)
    client.force_login(member)
    url = reverse("events:registration_cancel", args=[event.pk, mine.pk])
    body = client.get(url).content.decode()
    assert "138****1234" in body and "13812341234" not in body
    client.post(url, {})
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED


def test_create_edit_and_delete_through_the_pages(client, world):
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    data = {
        "title": "园区开放日",
        "kind": "other",
        "starts_on": "2030-05-01",
        "venue": "园区",
        "park": world.a.park.pk,
        "is_public": "on",
    }
    response = client.post(reverse("events:create"), data)
    event = Event.objects.get(title="园区开放日")
    assert response.status_code == 302 and event.created_by == world.a.users[Role.PARK_OPERATOR]
    form = client.get(reverse("events:create")).context["form"]
    assert list(form.fields["park"].queryset) == [world.a.park]
    response = client.post(reverse("events:update", args=[event.pk]), {**data, "theme": "开放"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.theme == "开放"
    assert client.get(reverse("events:delete", args=[event.pk])).status_code == 200
    client.post(reverse("events:delete", args=[event.pk]), {"reason": ""})
    assert not Event.objects.filter(pk=event.pk).exists()


def test_delete_refused_with_registrations_says_why(client, world):
    event = open_event(world.a)
    services.registration_create(event=event, name="李四", phone="13812341234")
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    response = client.post(reverse("events:delete", args=[event.pk]), {})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Event.objects.filter(pk=event.pk).exists()


def test_program_forms(client, world):
    event = open_event(world.a)
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    client.post(
        reverse("events:organiser_add", args=[event.pk]),
        {"role": "guiding", "organisation": world.a.zone.pk},
    )
    client.post(
        reverse("events:talk_add", args=[event.pk]), {"speaker": "讲者", "topic": "注册合规"}
    )
    assert event.organisers.get().name == world.a.zone.name
    assert event.talks.get().topic == "注册合规"
    response = client.post(reverse("events:talk_add", args=[event.pk]), {"topic": "无讲者"})
    assert response.status_code == 200 and response.context["talk_form"].errors


def test_a_speaker_in_the_pool_is_linked_for_officials_only(client, world):
    from gaoxin.experts.models import Expert

    official = world.a.users[Role.ZONE_OFFICIAL]
    event = make_event(world.a.zone)
    expert = Expert.objects.create(zone=world.a.zone, name="讲者甲", organisation_name="某所")
    services.talk_add(actor=official, event=event, speaker="", topic="议题", expert=expert)
    link = reverse("experts:expert_detail", args=[expert.pk])
    assert link not in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    client.force_login(official)
    assert link in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    assert link not in client.get(reverse("events:detail", args=[event.pk])).content.decode()
