"""An enterprise whose facts change so that a published policy starts to fit gets notified."""

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.enterprises import services as enterprise_services
from gaoxin.notifications.models import Notification

from .conftest import new_policy, publish

MANY_PATENTS = {">=": [{"var": "patents_granted"}, 50]}


@pytest.mark.django_db
def test_new_figures_that_meet_a_policy_notify_the_enterprise(
    world, member_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(new_policy(world.a.zone, title="专利奖励"), criteria=MANY_PATENTS)
    assert not Notification.objects.filter(recipient=member_a).exists()

    official = world.a.users[Role.ZONE_OFFICIAL]
    with django_capture_on_commit_callbacks(execute=True):
        enterprise_services.yearly_fact_upsert(
            actor=official, enterprise=world.a.enterprise, year=2024, data={"patents_granted": 60}
        )
    assert Notification.objects.filter(recipient=member_a).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        enterprise_services.yearly_fact_upsert(
            actor=official, enterprise=world.a.enterprise, year=2024, data={"patents_granted": 61}
        )
    assert Notification.objects.filter(recipient=member_a).count() == 1  # once per version
