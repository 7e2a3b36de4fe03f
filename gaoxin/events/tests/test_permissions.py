"""Who may open each events page: anonymous, every role of zone A, and zone B's same roles.

- the list is for everyone; an event's page for everyone when public, else for the zone's
  officials, park operators and the province's reviewers (404 for anyone else);
- registering is for everyone, on an open public event;
- the staff pages of an event (edit, delete, organisers/talks/advisors, registrations and their
  export) are for its managers: the zone's officials and the operator of its park; the
  provincial reviewer (who reads it) gets 403; everyone else, and zone B, 404;
- cancelling a registration: its managers and the registrant; anyone else 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.events import services
from gaoxin.events.choices import OrganiserRole
from gaoxin.experts.models import Expert

from .factories import hidden_event_of_a, open_event_of_a, registration_of_a

pytestmark = pytest.mark.django_db

ZO, PO, PR, EU = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
)
MANAGERS = {ZO: 200, PO: 200, PR: 403}
MANAGERS_POST = {ZO: 302, PO: 302, PR: 403}
REGISTER = {"name": "张三", "phone": "13812341234"}


@dataclass
class Page:
    kwargs: object = None  # callable(w) -> dict
    allowed: dict = field(default_factory=dict)
    default: int = 404
    anonymous: int = 302
    other_org: int = 404
    method: str = "get"
    data: dict | None = None


def ev(w):
    return {"pk": open_event_of_a(w).pk}


def hidden(w):
    return {"pk": hidden_event_of_a(w).pk}


def organiser(w):
    return {**ev(w), "organiser_pk": w.organiser.pk}


def talk(w):
    return {**ev(w), "talk_pk": w.talk.pk}


def advisor(w):
    return {**ev(w), "expert_pk": w.expert.pk}


def registration(w):
    return {**ev(w), "registration_pk": registration_of_a(w).pk}


ALL_OK = {role: 200 for role in Role.values}
PAGES = {
    "events:list": Page(default=200, anonymous=200, other_org=200),
    "events:detail": Page(kwargs=hidden, allowed={ZO: 200, PO: 200, PR: 200}, anonymous=404),
    "events:register": Page(
        kwargs=ev, method="post", data=REGISTER, default=302, anonymous=302, other_org=302
    ),
    "events:create": Page(allowed={ZO: 200, PO: 200}, default=403, other_org=200),
    "events:update": Page(kwargs=ev, allowed=MANAGERS),
    "events:delete": Page(kwargs=ev, allowed=MANAGERS),
    "events:program": Page(kwargs=ev, allowed=MANAGERS),
    "events:registrations": Page(kwargs=ev, allowed=MANAGERS),
    "events:registration_export": Page(kwargs=ev, allowed=MANAGERS),
    # An empty form: the page again with the errors (200) for those who may send it.
    "events:organiser_add": Page(kwargs=ev, allowed=MANAGERS, method="post", data={}),
    "events:talk_add": Page(kwargs=ev, allowed=MANAGERS, method="post", data={}),
    "events:advisor_add": Page(kwargs=ev, allowed=MANAGERS, method="post", data={}),
    "events:organiser_remove": Page(kwargs=organiser, allowed=MANAGERS_POST, method="post"),
    "events:talk_remove": Page(kwargs=talk, allowed=MANAGERS_POST, method="post"),
    "events:advisor_remove": Page(kwargs=advisor, allowed=MANAGERS_POST, method="post"),
    "events:registration_cancel": Page(kwargs=registration, allowed={ZO: 200, PO: 200, EU: 200}),
}


@pytest.fixture
def w(world):
    event = open_event_of_a(world)
    official = world.a.users[ZO]
    world.organiser = services.organiser_add(
        actor=official, event=event, role=OrganiserRole.HOSTING, name="主办单位甲"
    )
    world.expert = Expert.objects.create(zone=world.a.zone, name="专家甲", organisation_name="某所")
    world.talk = services.talk_add(actor=official, event=event, speaker="讲者", topic="议题")
    services.advisor_add(actor=official, event=event, expert=world.expert)
    return world


def _call(client, name: str, page: Page, w):
    url = reverse(name, kwargs=page.kwargs(w) if page.kwargs else None)
    if page.method == "post":
        return client.post(url, page.data or {})
    return client.get(url)


def test_every_events_url_is_here():
    from django.urls import get_resolver

    names = {
        f"events:{n}"
        for n in get_resolver().namespace_dict["events"][1].reverse_dict
        if isinstance(n, str)
    }
    assert names == set(PAGES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous(client, w, name):
    page = PAGES[name]
    assert _call(client, name, page, w).status_code == page.anonymous


@pytest.mark.parametrize("role", list(Role.values))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_role_of_zone_a(client, w, name, role):
    page = PAGES[name]
    client.force_login(w.a.users[role])
    response = _call(client, name, page, w)
    assert response.status_code == page.allowed.get(role, page.default), response.status_code


@pytest.mark.parametrize("name", sorted(PAGES))
def test_zone_b_gets_other_org(client, w, name):
    page = PAGES[name]
    for role, status in page.allowed.items():
        if status >= 400:
            continue
        client.force_login(w.b.users[role])
        response = _call(client, name, page, w)
        assert response.status_code == page.other_org, (role, response.status_code)
