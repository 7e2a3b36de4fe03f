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


def test_a_draft_is_saved_replaced_and_published_under_its_number(policy, world):
    from gaoxin.policies.services import draft_publish, draft_save

    official = world.a.users[Role.ZONE_OFFICIAL]
    first = {">=": [{"var": "rnd_ratio"}, 5]}
    draft = draft_save(
        actor=official, policy=policy, criteria=first, effective_from=datetime.date(2026, 1, 1)
    )
    assert draft.is_draft and draft.number == 2
    again = draft_save(
        actor=official, policy=policy, criteria=RND, effective_from=datetime.date(2026, 2, 1)
    )
    assert again.pk == draft.pk and policy.versions.count() == 2
    published = draft_publish(actor=official, policy=policy, reason="annual revision")
    assert published.pk == draft.pk and not published.is_draft
    assert published.effective_from == datetime.date(2026, 2, 1)
    assert policy.versions.get(number=1).effective_to == datetime.date(2026, 1, 31)
    actions = list(
        AuditEvent.objects.filter(action__startswith="policies.").values_list("action", "reason")
    )
    assert ("policies.draft.save", "") in actions
    assert ("policies.policy.publish", "annual revision") in actions


def test_an_invalid_draft_saves_nothing(policy):
    from gaoxin.policies.services import draft_save

    with pytest.raises(ValidationError) as info:
        draft_save(
            actor=None,
            policy=policy,
            criteria={">=": [{"var": "no_such_fact"}, 1]},
            effective_from=datetime.date(2026, 1, 1),
        )
    assert "no_such_fact" in info.value.message_dict["criteria"][0]
    assert policy.versions.count() == 1


def test_a_draft_must_start_after_the_published_version(policy):
    from gaoxin.policies.services import draft_save

    with pytest.raises(ValidationError) as info:
        draft_save(
            actor=None, policy=policy, criteria=RND, effective_from=datetime.date(2024, 1, 1)
        )
    assert "effective_from" in info.value.message_dict


def test_discarding_the_draft_keeps_the_published_version(policy, world):
    from gaoxin.core.errors import InvalidTransitionError
    from gaoxin.policies.services import draft_discard, draft_save

    official = world.a.users[Role.ZONE_OFFICIAL]
    draft_save(
        actor=official, policy=policy, criteria=RND, effective_from=datetime.date(2026, 1, 1)
    )
    draft_discard(actor=official, policy=policy, reason="wrong threshold")
    assert list(policy.versions.values_list("number", flat=True)) == [1]
    with pytest.raises(InvalidTransitionError):
        draft_discard(actor=official, policy=policy)


def test_another_zone_cannot_save_a_draft(policy, world):
    from gaoxin.policies.services import draft_save

    with pytest.raises(PermissionDeniedError):
        draft_save(
            actor=world.b.users[Role.ZONE_OFFICIAL],
            policy=policy,
            criteria=RND,
            effective_from=datetime.date(2026, 1, 1),
        )
    assert policy.versions.count() == 1


def test_target_industries_are_checked_codes(policy, world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    policy_update(
        actor=official,
        policy=policy,
        data={"target_industries": "C35， C3581,M", "chain_segments": "医疗器械生产"},
    )
    policy.refresh_from_db()
    assert policy.industry_list == ["C35", "C3581", "M"]
    assert policy.segment_list == ["医疗器械生产"]
    with pytest.raises(ValidationError) as info:
        policy_update(actor=official, policy=policy, data={"target_industries": "C35, X1, C3"})
    message = info.value.message_dict["target_industries"][0]
    assert "X1, C3" in message
    policy.refresh_from_db()
    assert policy.target_industries == "C35， C3581,M"


def test_a_draft_save_records_what_changed_before_and_after(policy, world):
    from django.utils import translation

    from gaoxin.policies.services import draft_save

    official = world.a.users[Role.ZONE_OFFICIAL]
    four = {"and": [{">=": [{"var": "rnd_ratio"}, 4]}, RND["and"][1]]}
    six = {"and": [{">=": [{"var": "rnd_ratio"}, 6]}, RND["and"][1]]}
    with translation.override("zh-hans"):
        draft_save(
            actor=official, policy=policy, criteria=four, effective_from=datetime.date(2026, 1, 1)
        )
        draft_save(
            actor=official, policy=policy, criteria=six, effective_from=datetime.date(2026, 1, 1)
        )
    first, second = AuditEvent.objects.filter(action="policies.draft.save").order_by("id")
    assert first.data["changes"]["criteria"] == ["研发投入占比 ≥ 3%", "研发投入占比 ≥ 4%"]
    assert first.data["changes"]["effective_from"] == ["2025-01-01", "2026-01-01"]
    assert second.data["changes"] == {"criteria": ["研发投入占比 ≥ 4%", "研发投入占比 ≥ 6%"]}
    assert second.data["version"] == 2 and second.data["created"] is False
