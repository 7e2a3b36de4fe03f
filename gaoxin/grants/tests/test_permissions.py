"""Who may open each grants page: anonymous, every role of zone A, and zone B's staff.

- internal pages: zone officials of the policy's zone manage; park operators of the zone and
  provincial reviewers of its province read; every other role gets 403;
- a round of another zone is 404 for its staff (it does not exist for them);
- the public notices need no login; objecting online is for enterprise users of the zone and
  for visitors without an account (name and contact, rate-limited per address); staff
  and enterprise users of other zones may not;
- "Notices and payouts (免申即享)" is for enterprise users only (403 for every other role).
"""

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.grants import services
from gaoxin.grants.models import Objection

from .helpers import D, round_at

pytestmark = pytest.mark.django_db

ALL = list(Role.values)
READERS = {Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER}
OFFICIALS = {Role.ZONE_OFFICIAL}


@pytest.fixture
def w(world, policy, official, zone_a):
    """Zone A's round in notice with one open objection; its candidate; a confirmed round of
    a second policy (for the export)."""
    from .conftest import make_policy

    world.round = round_at("notice", policy=policy, official=official)
    world.candidate = world.round.candidates.get(enterprise=zone_a.second)
    world.objection = services.objection_record(
        actor=official, candidate=world.candidate, raised_by="张三", channel="phone",
        text="异议", raised_on=D(2025, 10, 9), today=D(2025, 10, 9),
    )  # fmt: skip
    other = make_policy(world.a.zone, title="第二个免申即享政策")
    world.confirmed = round_at("confirmed", policy=other, official=official)
    return world


def kwargs(name, w):
    r = w.round
    return {
        "grants:round_list": {},
        "grants:round_create": {},
        "grants:round_detail": {"pk": r.pk},
        "grants:candidate_exclude": {"pk": r.pk, "candidate_pk": w.candidate.pk},
        "grants:notice_publish": {"pk": r.pk},
        "grants:objection_record": {"pk": r.pk, "candidate_pk": w.candidate.pk},
        "grants:objection_resolve": {"pk": r.pk, "objection_pk": w.objection.pk},
        "grants:round_confirm": {"pk": r.pk},
        "grants:round_export": {"pk": w.confirmed.pk},
        "grants:round_pay": {"pk": w.confirmed.pk},
        "grants:benefits_mine": {},
        "grants:notice_list": {},
        "grants:notice_detail": {"pk": r.publication.pk},
        "grants:notice_object": {"pk": r.publication.pk},
    }[name]


READ_PAGES = ["grants:round_list", "grants:round_detail"]
MANAGE_PAGES = [
    "grants:round_create",
    "grants:candidate_exclude",
    "grants:notice_publish",
    "grants:objection_record",
    "grants:objection_resolve",
    "grants:round_confirm",
    "grants:round_pay",
]
POSTS = ["grants:round_export", "grants:notice_object"]
PUBLIC = ["grants:notice_list", "grants:notice_detail"]
MINE = ["grants:benefits_mine"]
SCOPED = ["grants:round_detail", *MANAGE_PAGES[1:]]


def url(name, w):
    return reverse(name, kwargs=kwargs(name, w))


@pytest.mark.parametrize("name", READ_PAGES + MANAGE_PAGES + ["grants:round_export"] + MINE)
def test_anonymous_is_asked_to_log_in(client, w, name):
    response = client.post(url(name, w)) if name in POSTS else client.get(url(name, w))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", PUBLIC)
def test_public_notices_need_no_login(client, w, name):
    response = client.get(url(name, w))
    assert response.status_code == 200
    assert w.round.policy.title in response.content.decode()


def statuses(client, users, call) -> dict:
    """Role → status of ``call(client)`` for each user of ``users``."""
    seen = {}
    for role in ALL:
        client.force_login(users[role])
        seen[role] = call(client).status_code
    return seen


@pytest.mark.parametrize("name", READ_PAGES)
def test_reading_rounds(client, w, name):
    seen = statuses(client, w.a.users, lambda c: c.get(url(name, w)))
    assert seen == {role: 200 if role in READERS else 403 for role in ALL}


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_managing_rounds(client, w, name):
    seen = statuses(client, w.a.users, lambda c: c.get(url(name, w)))
    assert seen == {role: 200 if role in OFFICIALS else 403 for role in ALL}


def test_exporting(client, w):
    seen = statuses(client, w.a.users, lambda c: c.post(url("grants:round_export", w)))
    assert seen == {role: 200 if role in OFFICIALS else 403 for role in ALL}
    client.force_login(w.a.users[Role.ZONE_OFFICIAL])
    response = client.post(url("grants:round_export", w))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url("grants:round_export", w)).status_code == 405


def test_objecting_online(client, w, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2025, 10, 10))
    seen = statuses(
        client,
        w.a.users,
        lambda c: c.post(
            url("grants:notice_object", w), {"candidate": w.candidate.pk, "text": "有异议"}
        ),
    )
    assert seen == {role: 302 if role == Role.ENTERPRISE_USER else 403 for role in ALL}
    assert Objection.objects.filter(channel="online").count() == 1


@pytest.mark.parametrize("name", SCOPED)
def test_another_zones_staff_get_not_found(client, w, name):
    seen = {}
    for role in sorted(READERS):
        client.force_login(w.b.users[role])
        seen[role] = client.get(url(name, w)).status_code
    assert seen == {
        role: 404 if (name in READ_PAGES or role in OFFICIALS) else 403 for role in READERS
    }


def test_another_zones_official_cannot_export(client, w):
    client.force_login(w.b.users[Role.ZONE_OFFICIAL])
    assert client.post(url("grants:round_export", w)).status_code == 404


def test_another_zones_enterprise_cannot_object(client, w, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2025, 10, 10))
    client.force_login(w.b.users[Role.ENTERPRISE_USER])
    response = client.post(
        url("grants:notice_object", w), {"candidate": w.candidate.pk, "text": "x"}
    )
    assert response.status_code == 403
    assert not Objection.objects.filter(channel="online").exists()


def test_another_zones_rounds_are_not_listed(client, w):
    client.force_login(w.b.users[Role.ZONE_OFFICIAL])
    page = client.get(reverse("grants:round_list")).content.decode()
    assert w.round.policy.title not in page and 'data-testid="no-rounds"' in page


def test_benefits_received_is_for_enterprise_users_only(client, w):
    seen = statuses(client, w.a.users, lambda c: c.get(url("grants:benefits_mine", w)))
    assert seen == {role: 200 if role == Role.ENTERPRISE_USER else 403 for role in ALL}
    # another zone's enterprise user opens the page too, but sees none of zone A's rows
    client.force_login(w.b.users[Role.ENTERPRISE_USER])
    page = client.get(url("grants:benefits_mine", w)).content.decode()
    assert 'data-testid="no-benefits"' in page and w.round.policy.title not in page


def _anonymous_objection(client, w, **changes):
    data = {
        "candidate": w.candidate.pk,
        "name": "王五",
        "contact": "13812341234",
        "text": "该企业研发费用有误",
        **changes,
    }
    return client.post(url("grants:notice_object", w), data, REMOTE_ADDR="203.0.113.7")


def test_anyone_objects_online_without_an_account(client, w, monkeypatch):
    from django.utils import timezone

    from gaoxin.audit.models import AuditEvent

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2025, 10, 10))
    page = client.get(url("grants:notice_detail", w)).content.decode()
    assert 'data-testid="public-objection-form"' in page and "csrfmiddlewaretoken" in page
    response = _anonymous_objection(client, w)
    assert response.status_code == 302
    objection = Objection.objects.get(channel="online")
    assert objection.raised_by == "王五 (13812341234)" and objection.recorded_by is None
    event = AuditEvent.objects.filter(action="grants.objection.record").order_by("pk").last()
    assert event.ip == "203.0.113.7" and event.data["channel"] == "online"
    assert event.actor_id is None


def test_an_anonymous_objection_needs_a_valid_contact(client, w, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2025, 10, 10))
    client.cookies["django_language"] = "en"
    for bad in ("", "12345", "someone@"):
        page = _anonymous_objection(client, w, contact=bad).content.decode()
        assert 'data-testid="error-contact"' in page, bad
    assert not Objection.objects.filter(channel="online").exists()
    assert _anonymous_objection(client, w, contact="a@example.com").status_code == 302


def test_anonymous_objections_are_limited_per_address(client, w, monkeypatch, settings):
    from django.utils import timezone

    settings.GRANTS_PUBLIC_OBJECTIONS_PER_HOUR = 2
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2025, 10, 10))
    client.cookies["django_language"] = "en"
    assert _anonymous_objection(client, w).status_code == 302
    assert _anonymous_objection(client, w).status_code == 302
    page = _anonymous_objection(client, w).content.decode()
    assert "Too many objections were sent from your address" in page
    assert Objection.objects.filter(channel="online").count() == 2
    # another address is not held back
    other = client.post(
        url("grants:notice_object", w),
        {"candidate": w.candidate.pk, "name": "赵六", "contact": "0371-67891234", "text": "x"},
        REMOTE_ADDR="198.51.100.1",
    )
    assert other.status_code == 302


def test_objections_are_taken_only_while_the_notice_runs(client, w, monkeypatch):
    from django.utils import timezone

    publication = w.round.publication
    for day, phase in (
        (publication.published_on, "notice-upcoming"),
        (D(2025, 10, 15), "notice-closed"),
    ):
        monkeypatch.setattr(timezone, "localdate", lambda *a, d=day, **k: d)
        page = client.get(url("grants:notice_detail", w)).content.decode()
        assert f'data-testid="{phase}"' in page and "public-objection-form" not in page
        page = _anonymous_objection(client, w).content.decode()
        assert not Objection.objects.filter(channel="online").exists()
