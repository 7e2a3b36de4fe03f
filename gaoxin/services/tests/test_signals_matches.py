"""Resource matching: every step of MATCH_WORKFLOW from every state, the result and the
reported amount, follow-ups, and who may record and move a match."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.services.choices import MatchStatus
from gaoxin.services.models import ResourceMatch
from gaoxin.services.services_signals import (
    follow_up_add,
    match_create,
    match_transition,
    match_update,
)
from gaoxin.services.workflows import MATCH_WORKFLOW

from .factories_signals import advisor_of, make_advisor, make_match

pytestmark = pytest.mark.django_db

STEPS = ("introduce", "negotiate", "succeed", "fail", "reopen")


def zo(world, side="a"):
    return getattr(world, side).users[Role.ZONE_OFFICIAL]


@pytest.mark.parametrize("state", MatchStatus.values)
@pytest.mark.parametrize("step", STEPS)
def test_every_step_from_every_state(world, state, step):
    match = make_match(world.a, status=state)
    allowed = state in MATCH_WORKFLOW.transition(step).sources
    call = lambda: match_transition(actor=zo(world), match=match, name=step, reason="原因")  # noqa: E731
    if not allowed:
        with pytest.raises(InvalidTransitionError):
            call()
        assert ResourceMatch.objects.get(pk=match.pk).status == state
        return
    call()
    match.refresh_from_db()
    assert match.status == MATCH_WORKFLOW.transition(step).target
    assert AuditEvent.objects.filter(action=f"services.match.{step}").count() == 1
    if step in ("succeed", "fail"):
        assert match.result == "原因" and match.closed_on == timezone.localdate()
    if step == "reopen":
        assert match.result == "" and match.closed_on is None


def test_expected_table():
    table = {(n, s) for s, n, _t in [(a, b, c) for a, b, c in MATCH_WORKFLOW.table()]}
    assert ("introduce", "proposed") in {
        (t.name, s) for t in MATCH_WORKFLOW.transitions for s in t.sources
    }
    assert table


@pytest.mark.parametrize("step", ["succeed", "fail", "reopen"])
def test_steps_that_need_a_reason(world, step):
    source = MATCH_WORKFLOW.transition(step).sources[0]
    match = make_match(world.a, status=source)
    with pytest.raises(InvalidTransitionError):
        match_transition(actor=zo(world), match=match, name=step, reason="  ")


def test_success_with_a_reported_amount(world):
    match = make_match(world.a, status="negotiating", next_follow_up=timezone.localdate())
    match_transition(
        actor=zo(world),
        match=match,
        name="succeed",
        reason="获批贷款",
        amount=Decimal("5000000.50"),
    )
    match.refresh_from_db()
    assert match.amount == Decimal("5000000.50") and match.next_follow_up is None


def test_amount_only_with_success_and_never_negative(world):
    match = make_match(world.a, status="contacted")
    with pytest.raises(DomainError):
        match_transition(actor=zo(world), match=match, name="fail", reason="x", amount=Decimal(1))
    with pytest.raises(DomainError):
        match_transition(
            actor=zo(world), match=match, name="succeed", reason="x", amount=Decimal(-1)
        )
    assert ResourceMatch.objects.get(pk=match.pk).status == "contacted"


def test_official_creates_and_follows_up(world):
    advisor = make_advisor(world.a.zone, "capital")
    match = match_create(
        actor=zo(world),
        data={
            "enterprise": world.a.enterprise,
            "kind": "investor",
            "counterpart_name": "红杉资本（测试）",
            "need": "A 轮融资",
            "advisor": advisor,
        },
    )
    assert match.zone == world.a.zone and match.status == "proposed"
    later = timezone.localdate() + datetime.timedelta(days=7)
    follow_up_add(
        actor=zo(world),
        match=match,
        happened_on=timezone.localdate(),
        note="通话",
        next_follow_up=later,
    )
    match.refresh_from_db()
    assert match.next_follow_up == later and match.follow_ups.count() == 1
    assert AuditEvent.objects.filter(action="services.match.follow_up").exists()


def test_follow_up_in_the_future_is_refused(world):
    match = make_match(world.a)
    with pytest.raises(ValidationError) as info:
        follow_up_add(
            actor=zo(world),
            match=match,
            happened_on=timezone.localdate() + datetime.timedelta(days=1),
            note="x",
        )
    assert "happened_on" in info.value.message_dict
    assert match.follow_ups.count() == 0


def test_other_zone_enterprise_and_advisor_are_refused(world):
    with pytest.raises(ValidationError) as info:
        match_create(
            actor=zo(world),
            data={
                "enterprise": world.b.enterprise,
                "kind": "bank",
                "counterpart_name": "银行",
                "need": "贷款",
            },
        )
    assert "enterprise" in info.value.message_dict
    other = make_advisor(world.b.zone, "capital")
    with pytest.raises(ValidationError) as info:
        match_create(
            actor=zo(world),
            data={
                "enterprise": world.a.enterprise,
                "kind": "bank",
                "counterpart_name": "银行",
                "need": "贷款",
                "advisor": other,
            },
        )
    assert "advisor" in info.value.message_dict
    assert not ResourceMatch.objects.exists()


def test_advisor_records_for_their_zone_and_follows_it(world):
    mine = advisor_of(world.a, "capital")
    user = world.a.users[Role.ADVISOR]
    match = match_create(
        actor=user,
        data={
            "enterprise": world.a.enterprise,
            "kind": "supplier",
            "counterpart_name": "供应商",
            "need": "采购",
        },
    )
    assert match.advisor == mine
    match_transition(actor=user, match=match, name="introduce")
    other = make_match(world.a, advisor=make_advisor(world.a.zone, "capital"))
    with pytest.raises(PermissionDeniedError):
        match_transition(actor=user, match=other, name="introduce")


@pytest.mark.parametrize("role", [Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER, Role.AUDITOR])
def test_readers_and_others_cannot_write(world, role):
    match = make_match(world.a)
    user = world.a.users[role]
    with pytest.raises(PermissionDeniedError):
        match_transition(actor=user, match=match, name="introduce")
    with pytest.raises(PermissionDeniedError):
        match_update(actor=user, match=match, data={"need": "x"})
    with pytest.raises(PermissionDeniedError):
        match_create(actor=user, data={"enterprise": world.a.enterprise})


def test_other_zone_official_cannot_move(world):
    match = make_match(world.a)
    with pytest.raises(PermissionDeniedError):
        match_transition(actor=zo(world, "b"), match=match, name="introduce")


def test_update_records_the_changes_and_keeps_the_enterprise(world):
    match = make_match(world.a)
    match_update(actor=zo(world), match=match, data={"need": "新的需求"})
    event = AuditEvent.objects.get(action="services.match.update")
    assert "need" in event.data["changes"]
    with pytest.raises(DomainError):
        match_update(actor=zo(world), match=match, data={"enterprise": world.b.enterprise})
