"""The round's workflow on the one transitions mechanism (gaoxin.core.transitions): each
allowed transition from each state through the services, a refused one per state, and the
mechanism's guards (stale object, reason, transaction)."""

import pytest
from django.db import transaction

from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import InvalidTransitionError
from gaoxin.grants import services
from gaoxin.grants.models import GrantRound
from gaoxin.grants.workflows import ROUND_WORKFLOW

from .helpers import AFTER, PUBLISHED, round_at

pytestmark = pytest.mark.django_db


def test_publish_then_confirm_through_the_services(policy, official):
    grant_round = round_at("candidates", policy=policy, official=official)
    services.notice_publish(
        actor=official, grant_round=grant_round, contact="经发部", published_on=PUBLISHED
    )
    grant_round.refresh_from_db()
    assert grant_round.status == "notice"
    services.round_confirm(actor=official, grant_round=grant_round, reason="无异议", today=AFTER)
    grant_round.refresh_from_db()
    assert grant_round.status == "confirmed" and grant_round.confirmed_by == official
    actions = list(
        AuditEvent.objects.filter(action__startswith="grants.round.").values_list(
            "action", flat=True
        )
    )
    assert "grants.round.publish" in actions and "grants.round.confirm" in actions


@pytest.mark.parametrize(
    ("step", "refused"),
    [("candidates", "confirm"), ("notice", "publish"), ("confirmed", "publish")],
)
def test_each_state_refuses_a_transition(policy, official, step, refused):
    grant_round = round_at(step, policy=policy, official=official)
    with pytest.raises(InvalidTransitionError), transaction.atomic():
        ROUND_WORKFLOW.apply(grant_round, refused, actor=official, summary="x", reason="x")
    grant_round.refresh_from_db()
    assert grant_round.status == step


def test_a_stale_object_is_refused_and_nothing_is_audited(policy, official):
    grant_round = round_at("candidates", policy=policy, official=official)
    stale = GrantRound.objects.get(pk=grant_round.pk)
    with transaction.atomic():
        ROUND_WORKFLOW.apply(grant_round, "publish", actor=official, summary="published")
    event = AuditEvent.objects.get(action="grants.round.publish")
    assert event.data["from"] == "candidates" and event.data["to"] == "notice"
    with pytest.raises(InvalidTransitionError), transaction.atomic():
        ROUND_WORKFLOW.apply(stale, "publish", actor=official, summary="again")
    assert AuditEvent.objects.filter(action="grants.round.publish").count() == 1


@pytest.mark.django_db(transaction=True)
def test_apply_needs_the_callers_transaction():
    with pytest.raises(RuntimeError):
        ROUND_WORKFLOW.apply(GrantRound(status="candidates"), "publish", actor=None, summary="")


def test_confirm_needs_a_reason(policy, official):
    grant_round = round_at("notice", policy=policy, official=official)
    with pytest.raises(InvalidTransitionError), transaction.atomic():
        ROUND_WORKFLOW.apply(grant_round, "confirm", actor=official, summary="", reason=" ")
