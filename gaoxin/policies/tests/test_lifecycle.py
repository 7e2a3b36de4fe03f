"""Policy lifecycle: expiring a policy (service and `gaoxin expire-policies`), what an expired
policy looks like to the public, and re-matching (`gaoxin rematch-policies`, the task)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises.tests.factories import QualificationFactory
from gaoxin.policies.choices import PolicyStatus
from gaoxin.policies.models import Policy, PolicyMatchSet, PolicyVersion
from gaoxin.policies.services import policy_create, policy_expire
from gaoxin.policies.tasks import EXPIRY_REASON, rematch_policies

from .conftest import make_policy

pytestmark = pytest.mark.django_db
HIGH_TECH = {"in": ["high_tech", {"var": "qualifications"}]}


def ending(policy: Policy, day: datetime.date | None) -> PolicyVersion:
    """Give the policy's latest version an end date (as a data fix would; versions are
    otherwise closed only by publishing the next one)."""
    version = policy.versions.order_by("-number").first()
    PolicyVersion.objects.filter(pk=version.pk).update(effective_to=day)
    return version


def test_an_official_expires_a_published_policy(world, policy):
    official = world.a.users[Role.ZONE_OFFICIAL]
    expired = policy_expire(actor=official, policy=policy, reason="replaced by 2027 rules")
    assert expired.status == PolicyStatus.EXPIRED
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.EXPIRED
    event = AuditEvent.objects.get(action="policies.policy.expire")
    assert event.actor_id == official.pk and event.reason == "replaced by 2027 rules"
    assert event.object_id == str(policy.pk)


def test_only_a_published_policy_expires(world, policy):
    policy_expire(actor=None, policy=policy, reason="x")
    with pytest.raises(InvalidTransitionError):
        policy_expire(actor=None, policy=policy, reason="again")
    draft = policy_create(
        actor=None, zone=world.a.zone, data={"title": "草稿", "issuing_body": "x"}
    )
    with pytest.raises(InvalidTransitionError):
        policy_expire(actor=None, policy=draft, reason="x")
    assert AuditEvent.objects.filter(action="policies.policy.expire").count() == 1


@pytest.mark.parametrize("side_role", [("b", Role.ZONE_OFFICIAL), ("a", Role.PARK_OPERATOR)])
def test_others_cannot_expire_it(world, policy, side_role):
    side, role = side_role
    with pytest.raises(PermissionDeniedError):
        policy_expire(actor=getattr(world, side).users[role], policy=policy, reason="x")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED


def test_an_expired_policy_leaves_the_calculator_and_the_list_but_keeps_its_page(
    world, policy, as_user
):
    policy_expire(actor=None, policy=policy, reason="x")
    calc = as_user(world.a.users[Role.ENTERPRISE_USER]).get(reverse("policies:calculator"))
    assert policy.title not in calc.content.decode()
    assert policy.title not in Client().get(reverse("policies:public_list")).content.decode()
    assert Client().get("/api/policies").json() == []
    page = Client().get(reverse("policies:public_detail", args=[policy.pk]))
    assert page.status_code == 200 and 'data-testid="expired-note"' in page.content.decode()
    body = Client().get(f"/api/policies/{policy.pk}").json()
    assert body["status"] == "expired"


def test_expire_policies_expires_the_ended_ones_once(world):
    ended = make_policy(world.a.zone, title="已到期政策")
    ending(ended, datetime.date(2025, 12, 31))
    open_ended = make_policy(world.a.zone, title="长期政策")
    ends_later = make_policy(world.a.zone, title="年底到期政策")
    ending(ends_later, datetime.date(2026, 6, 30))
    out = StringIO()
    call_command("expire_policies", "--as-of", "2026-03-01", stdout=out)
    text = out.getvalue()
    assert f"expired #{ended.pk} 已到期政策 (v1 ended 2025-12-31)" in text
    assert "1 policies expired as of 2026-03-01." in text
    statuses = dict(Policy.objects.values_list("title", "status"))
    assert statuses == {
        "已到期政策": PolicyStatus.EXPIRED,
        "长期政策": PolicyStatus.PUBLISHED,
        "年底到期政策": PolicyStatus.PUBLISHED,
    }
    event = AuditEvent.objects.get(action="policies.policy.expire")
    assert event.actor_id is None and event.reason == EXPIRY_REASON
    assert event.object_id == str(ended.pk)
    again = StringIO()
    call_command("expire_policies", "--as-of", "2026-03-01", stdout=again)
    assert "0 policies expired" in again.getvalue()
    assert open_ended.versions.get().effective_to is None


def test_expire_policies_looks_at_the_latest_version_only(world):
    """v1 ended when v2 began: the policy goes on."""
    from gaoxin.policies.services import version_publish

    policy = make_policy(world.a.zone)
    version_publish(
        actor=None, policy=policy, criteria=HIGH_TECH, effective_from=datetime.date(2026, 1, 1)
    )
    call_command("expire_policies", "--as-of", "2026-03-01", stdout=StringIO())
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED


def test_expire_policies_refuses_a_bad_date(world):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("expire_policies", "--as-of", "soon", stdout=StringIO())


def test_rematch_policies_stores_the_matches_and_audits_the_counts(world):
    QualificationFactory(
        enterprise=world.a.enterprise, kind="high_tech", valid_from=datetime.date(2025, 1, 1)
    )
    policy = make_policy(world.a.zone, criteria=HIGH_TECH)
    out = StringIO()
    call_command("rematch_policies", "--as-of", "2026-03-01", stdout=out)
    version = policy.versions.get()
    match_set = PolicyMatchSet.objects.get()
    assert (match_set.version, match_set.as_of) == (version, datetime.date(2026, 3, 1))
    assert match_set.enterprise_ids() == [world.a.enterprise.pk]
    assert f"{policy.title} v1: 1 matches" in out.getvalue()
    assert "1 policy versions re-matched as of 2026-03-01: 1 matches" in out.getvalue()
    event = AuditEvent.objects.get(action="policies.rematch")
    assert event.actor_id is None
    assert event.data["as_of"] == "2026-03-01"
    assert event.data["counts"] == {str(version.pk): 1}
    assert event.data["matches"] == 1


def test_the_rematch_task_does_the_same(world):
    QualificationFactory(
        enterprise=world.a.enterprise, kind="high_tech", valid_from=datetime.date(2025, 1, 1)
    )
    policy = make_policy(world.a.zone, criteria=HIGH_TECH)
    result = rematch_policies.enqueue("2026-03-01")  # the immediate backend in tests
    version = policy.versions.get()
    assert result.return_value == {str(version.pk): 1}
    assert PolicyMatchSet.objects.get(version=version, as_of="2026-03-01").count == 1
    assert AuditEvent.objects.filter(action="policies.rematch").count() == 1


def test_the_rematch_deletes_sets_older_than_the_retention(world, settings):
    from gaoxin.policies.matching.match import store_ids
    from gaoxin.policies.tasks import rematch

    settings.MATCH_SET_RETENTION_DAYS = 30
    version = make_policy(world.a.zone, criteria=HIGH_TECH).versions.get()
    for day in ("2026-01-30", "2026-01-31", "2026-02-01"):
        store_ids(version, [world.a.enterprise.pk], as_of=datetime.date.fromisoformat(day))
    rematch(as_of=datetime.date(2026, 3, 2))  # keeps 2026-01-31 onwards
    kept = sorted(d.isoformat() for d in PolicyMatchSet.objects.values_list("as_of", flat=True))
    assert kept == ["2026-01-31", "2026-02-01", "2026-03-02"]
    event = AuditEvent.objects.get(action="policies.rematch")
    assert event.data["pruned"] == {"before": "2026-01-31", "sets": 1}


def test_a_failed_rematch_audit_leaves_the_stored_sets_as_they_were(world, monkeypatch):
    """The sets and their audit event are one transaction: if recording fails, no set of the
    date is stored."""
    from gaoxin.policies import tasks

    make_policy(world.a.zone, criteria=HIGH_TECH)

    def fail(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(tasks, "record", fail)
    with pytest.raises(RuntimeError):
        tasks.rematch(as_of=datetime.date(2026, 3, 2))
    assert not PolicyMatchSet.objects.exists()
