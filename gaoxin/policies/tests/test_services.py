import datetime

import pytest
from django.core.exceptions import ValidationError

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.policies.choices import PolicyStatus
from gaoxin.policies.models import PolicyVersion
from gaoxin.policies.services import policy_create, policy_update, version_publish

from .conftest import RND

pytestmark = pytest.mark.django_db


def test_publish_makes_version_one_and_audits(policy):
    version = policy.versions.get()
    assert version.number == 1 and version.published_at is not None
    assert version.effective_to is None
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED
    event = AuditEvent.objects.filter(action="policies.policy.publish").get()
    assert event.data["version"] == 1


def test_a_new_version_ends_the_previous_one(policy, world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    new = version_publish(
        actor=official, policy=policy, criteria=RND, effective_from=datetime.date(2026, 1, 1)
    )
    assert new.number == 2
    old = policy.versions.get(number=1)
    assert old.effective_to == datetime.date(2025, 12, 31)
    assert AuditEvent.objects.filter(action="policies.policy.publish").count() == 2


def test_a_new_version_must_start_later(policy):
    with pytest.raises(ValidationError) as info:
        version_publish(
            actor=None, policy=policy, criteria=RND, effective_from=datetime.date(2024, 1, 1)
        )
    assert "effective_from" in info.value.message_dict


def test_invalid_criteria_name_the_clause(policy):
    bad = {"and": [{">=": [{"var": "rnd_ratio"}, 3]}, {">=": [{"var": "rnd_ratio2"}, 1]}]}
    with pytest.raises(ValidationError) as info:
        version_publish(
            actor=None, policy=policy, criteria=bad, effective_from=datetime.date(2026, 1, 1)
        )
    message = info.value.message_dict["criteria"][0]
    assert "and[1].>=[0]" in message and "rnd_ratio2" in message
    assert policy.versions.count() == 1


def test_invalid_formula_is_refused(policy):
    with pytest.raises(ValidationError) as info:
        version_publish(
            actor=None,
            policy=policy,
            criteria=RND,
            formula={"xor": [1, 2]},
            effective_from=datetime.date(2026, 1, 1),
        )
    assert "formula" in info.value.message_dict


def test_a_published_version_is_immutable(policy):
    version = policy.versions.get()
    version.criteria = {"==": [1, 1]}
    with pytest.raises(ValidationError):
        version.save()
    assert PolicyVersion.objects.get(pk=version.pk).criteria == RND


def test_decimal_literals_survive_storage(policy):
    from decimal import Decimal

    formula = {"min": [{"*": [{"var": "rnd_expense"}, Decimal("0.1")]}, 5000000]}
    version = version_publish(
        actor=None,
        policy=policy,
        criteria=RND,
        formula=formula,
        effective_from=datetime.date(2026, 1, 1),
    )
    stored = PolicyVersion.objects.get(pk=version.pk).formula
    assert stored["min"][0]["*"][1] == Decimal("0.1")


@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.PARK_OPERATOR])
def test_only_zone_officials_manage(world, role):
    with pytest.raises(PermissionDeniedError):
        policy_create(actor=world.a.users[role], zone=world.a.zone, data={"title": "x"})


def test_an_official_of_another_zone_cannot_change_the_policy(policy, world):
    with pytest.raises(PermissionDeniedError):
        policy_update(actor=world.b.users[Role.ZONE_OFFICIAL], policy=policy, data={"tags": "x"})
    updated = policy_update(
        actor=world.a.users[Role.ZONE_OFFICIAL], policy=policy, data={"tags": "研发"}
    )
    assert updated.tag_list == ["研发"]
    assert AuditEvent.objects.filter(action="policies.policy.update").exists()
