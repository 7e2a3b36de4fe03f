"""Precise push: publishing a version notifies the enterprises that meet it, once per version."""

import datetime

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.notifications.models import Notification, TagSubscription
from gaoxin.notifications.services import enterprise_push, version_push
from gaoxin.notifications.tasks import push_for_enterprise, push_policy_version

from .conftest import NEVER, new_policy, publish

pytestmark = pytest.mark.django_db


def test_publishing_notifies_the_matching_enterprise_on_commit(
    world, member_a, member_b, django_capture_on_commit_callbacks
):
    policy = new_policy(world.a.zone)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        version = publish(policy)
    assert len(callbacks) == 1
    notes = Notification.objects.all()
    assert [(n.recipient, n.kind, n.policy_version) for n in notes] == [
        (member_a, "policy_match", version)
    ]
    assert notes[0].link == f"/policies/{policy.pk}/"
    # Not the other zone's enterprise (it meets the criteria too), nor the zone's officials.
    assert not Notification.objects.filter(recipient=member_b).exists()
    assert not Notification.objects.filter(recipient__role=Role.ZONE_OFFICIAL).exists()
    event = AuditEvent.objects.filter(action="notifications.push").get()
    assert event.data == {"version": version.pk, "count": 1}


def test_push_twice_keeps_one_per_version_and_a_new_version_gets_a_new_one(
    world, member_a, django_capture_on_commit_callbacks
):
    policy = new_policy(world.a.zone)
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(policy)
    assert version_push(version_id=first.pk) == 0
    push_policy_version.enqueue(first.pk)
    assert Notification.objects.filter(recipient=member_a, policy_version=first).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        second = publish(policy, effective_from=datetime.date(2025, 6, 1))
    assert Notification.objects.filter(recipient=member_a).count() == 2
    assert Notification.objects.filter(recipient=member_a, policy_version=second).count() == 1


def test_no_notification_when_no_enterprise_meets_the_criteria(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone), criteria=NEVER)
    assert not Notification.objects.exists()


def test_an_enterprise_of_the_zone_outside_the_park_is_not_notified(
    world, member_a, django_capture_on_commit_callbacks
):
    from gaoxin.accounts.tests.factories import UserFactory

    other = EnterpriseFactory(zone=world.a.zone, park=None)
    user = UserFactory(role=Role.ENTERPRISE_USER, organisation=other.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone))
    assert Notification.objects.filter(recipient=member_a).count() == 1
    assert not Notification.objects.filter(recipient=user).exists()


def test_tag_subscribers_are_told_of_a_version_they_do_not_meet(
    world, member_a, django_capture_on_commit_callbacks
):
    TagSubscription.objects.create(enterprise=world.a.enterprise, tag="研发")
    TagSubscription.objects.create(enterprise=world.b.enterprise, tag="研发")  # other zone
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(new_policy(world.a.zone), criteria=NEVER)
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.policy_version) == (member_a, "policy_tag", version)
    assert version_push(version_id=version.pk) == 0


def test_a_subscriber_that_also_matches_gets_one_notification(
    world, member_a, django_capture_on_commit_callbacks
):
    TagSubscription.objects.create(enterprise=world.a.enterprise, tag="补助")
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone))
    assert list(Notification.objects.values_list("kind", flat=True)) == ["policy_match"]


def test_an_unrelated_tag_is_not_notified(world, django_capture_on_commit_callbacks):
    TagSubscription.objects.create(enterprise=world.a.enterprise, tag="人才")
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone), criteria=NEVER)
    assert not Notification.objects.exists()


def test_push_for_enterprise_notifies_the_policies_it_now_meets(world, member_a):
    policy = new_policy(world.a.zone)
    version = publish(policy)  # on_commit not run: nobody notified yet
    publish(new_policy(world.a.zone, title="另一项政策"), criteria=NEVER)
    assert not Notification.objects.exists()
    push_for_enterprise.enqueue(world.a.enterprise.pk)
    assert [n.policy_version for n in Notification.objects.all()] == [version]
    assert enterprise_push(enterprise_id=world.a.enterprise.pk) == 0
    assert AuditEvent.objects.filter(action="notifications.push").count() == 2
