"""Alerts on caps at risk: the enterprise's users and the zone's officials, once a month."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.audit.models import AuditEvent
from gaoxin.firstset.supervision import alert_at_risk
from gaoxin.firstset.tasks import alert_caps_at_risk
from gaoxin.notifications.choices import NotificationKind
from gaoxin.notifications.models import Notification

from .factories_supervision import allocate, make_qualification

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 6)  # 25 days left of 2024-07-01..2026-12-31


@pytest.fixture
def at_risk(world):
    q = make_qualification(world.a.enterprise, cap="1000000")
    allocate(q, "200000")
    return q


def _alerts(user=None):
    qs = Notification.objects.filter(kind=NotificationKind.FIRSTSET_AT_RISK)
    return qs.filter(recipient=user) if user is not None else qs


def test_recipients_are_the_enterprise_users_and_the_zone_officials(world, at_risk):
    second_official = UserFactory(
        username="a_zo2", role=Role.ZONE_OFFICIAL, organisation=world.a.zone
    )
    UserFactory(
        username="a_eu_off", role=Role.ENTERPRISE_USER, is_active=False,
        organisation=world.a.enterprise.organisation,
    )  # fmt: skip
    assert alert_at_risk(day=DAY) == 3
    recipients = set(_alerts().values_list("recipient__username", flat=True))
    assert recipients == {
        world.a.users[Role.ENTERPRISE_USER].username,
        world.a.users[Role.ZONE_OFFICIAL].username,
        second_official.username,
    }
    note = _alerts(world.a.users[Role.ENTERPRISE_USER]).get()
    assert note.link == reverse("firstset:supervision_detail", kwargs={"pk": at_risk.pk})
    assert "cap 1,000,000.00 yuan, allocated 200,000.00 yuan" in note.body
    assert "remaining 800,000.00 yuan, 25 days left" in note.body
    assert not _alerts(world.b.users[Role.ZONE_OFFICIAL]).exists()
    assert not _alerts(world.a.users[Role.AUDITOR]).exists()
    assert not _alerts(world.a.users[Role.PROVINCIAL_REVIEWER]).exists()


def test_not_duplicated_within_a_month_and_sent_again_the_next(world, at_risk):
    assert alert_at_risk(day=DAY) == 2
    assert alert_at_risk(day=DAY + datetime.timedelta(days=3)) == 0
    assert alert_at_risk(day=datetime.date(2026, 12, 31)) == 0
    assert _alerts().count() == 2
    # January 2027: the window has lapsed, nothing is at risk any more
    assert alert_at_risk(day=datetime.date(2027, 1, 2)) == 0


def test_sent_again_in_the_next_month_while_still_at_risk(world):
    q = make_qualification(
        world.a.enterprise, cap="1000000", valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2025, 3, 31),
    )  # fmt: skip
    allocate(q, "100000")
    assert alert_at_risk(day=datetime.date(2025, 2, 10)) == 2
    assert alert_at_risk(day=datetime.date(2025, 2, 28)) == 0
    assert alert_at_risk(day=datetime.date(2025, 3, 1)) == 2
    assert alert_at_risk(day="2025-03-15") == 0
    assert _alerts().count() == 4


def test_nothing_for_on_track_or_revoked(world, at_risk):
    well_used = make_qualification(world.a.enterprise, cap="1000000")
    allocate(well_used, "900000")
    revoked = make_qualification(world.a.enterprise, cap="1000000")
    type(revoked).objects.filter(pk=revoked.pk).update(status="revoked")
    assert alert_at_risk(day=DAY) == 2
    links = set(_alerts().values_list("link", flat=True))
    assert links == {reverse("firstset:supervision_detail", kwargs={"pk": at_risk.pk})}


def test_one_audit_event_per_run_with_counts(world, at_risk):
    alert_at_risk(day=DAY)
    alert_at_risk(day=DAY)
    events = AuditEvent.objects.filter(action="firstset.alerts.send").order_by("pk")
    assert [e.data["sent"] for e in events] == [2, 0]
    assert events[0].data["at_risk"] == 1


def test_the_scheduled_task_runs_the_alerts(world, at_risk):
    assert alert_caps_at_risk.call(day=DAY.isoformat()) == 2
