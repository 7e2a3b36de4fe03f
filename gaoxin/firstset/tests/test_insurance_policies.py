"""Insurance policies: registration refusals (window with both date ranges, covered equipment,
improved models, duplicate numbers), renewals, corrections and verification."""

import datetime
from decimal import Decimal

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.firstset import services_insurance as services
from gaoxin.firstset.models import InsurancePolicy

from .factories_insurance import (
    TODAY,
    insurance_round,
    insured_declaration,
    insured_qualification,
    policy_data,
    proof,
    registered_policy,
)

pytestmark = pytest.mark.django_db
EU, ZO, PR = Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER


@pytest.fixture
def qualification(world):
    return insured_qualification(world, insurance_round(world))


def _register(world, q, **overrides):
    return services.policy_register(
        actor=world.a.users[EU], data=policy_data(q, **overrides), proof=proof(), today=TODAY
    )


def test_register_records_the_policy_and_its_rate(world, qualification):
    policy = registered_policy(world, qualification)
    assert policy.status == "registered" and policy.enterprise == world.a.enterprise
    assert policy.rate == Decimal("0.02")
    assert policy.proof.original_name == "缴费凭证.pdf"
    assert AuditEvent.objects.filter(action="firstset.insurance_policy.create").count() == 1


def test_a_policy_outside_the_window_is_refused_with_both_date_ranges(world, qualification):
    with pytest.raises(DomainError) as exc:
        _register(
            world,
            qualification,
            starts_on=datetime.date(2027, 3, 1),
            ends_on=datetime.date(2028, 2, 29),
        )
    assert exc.value.code == "outside_window" and exc.value.field == "ends_on"
    assert "2027-03-01 to 2028-02-29" in exc.value.message
    assert "2025-01-01 to 2027-12-31" in exc.value.message
    assert not InsurancePolicy.objects.exists()


def test_equipment_that_does_not_meet_the_indicators_is_refused_with_the_reason(
    world, qualification
):
    qualified = qualification.declarations.get()
    weak = insured_declaration(
        world.a.enterprise, qualified.entry, model="HT-450", improved_from=qualified, met=False
    )
    with pytest.raises(DomainError) as exc:
        _register(world, qualification, declaration=weak)
    assert exc.value.code == "not_covered" and exc.value.field == "declaration"
    assert "额定负载" in exc.value.message and "HT-450" in exc.value.message


def test_an_improved_model_that_meets_every_indicator_is_covered(world, qualification):
    qualified = qualification.declarations.get()
    better = insured_declaration(
        world.a.enterprise, qualified.entry, model="HT-650", improved_from=qualified
    )
    assert _register(world, qualification, declaration=better).declaration == better


def test_a_model_of_another_entry_is_not_covered(world, qualification):
    other = insured_qualification(world, qualification.round)
    with pytest.raises(DomainError) as exc:
        _register(world, qualification, declaration=other.declarations.get())
    assert exc.value.code == "not_covered"


def test_a_duplicate_number_of_the_same_insurer_is_refused(world, qualification):
    _register(world, qualification, number="PICC-1")
    with pytest.raises(DomainError) as exc:
        _register(world, qualification, number="PICC-1")
    assert exc.value.code == "duplicate_policy" and exc.value.field == "number"


def test_only_the_enterprise_registers_and_only_on_its_qualification(world, qualification):
    with pytest.raises(PermissionDeniedError):
        services.policy_register(
            actor=world.a.users[ZO], data=policy_data(qualification), today=TODAY
        )
    other = insured_qualification(world, qualification.round, side="b")
    with pytest.raises(DomainError) as exc:
        services.policy_register(actor=world.a.users[EU], data=policy_data(other), today=TODAY)
    assert exc.value.field == "qualification"


def test_renewal_chain_and_break(world, qualification):
    first = registered_policy(world, qualification)
    renewal = registered_policy(
        world,
        qualification,
        previous=first,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2027, 2, 28),
    )
    assert renewal.previous == first and first.renewal == renewal
    assert not services.is_break(first, renewal.starts_on)
    assert services.is_break(first, datetime.date(2026, 3, 5))
    from gaoxin.firstset.selectors_insurance import renewal_chain

    assert renewal_chain(first) == renewal_chain(renewal) == [first, renewal]
    with pytest.raises(DomainError) as exc:
        registered_policy(world, qualification, previous=first)
    assert exc.value.code == "renewed"


def test_verification_needs_the_proof_and_a_reason(world, qualification):
    policy = registered_policy(world, qualification, with_proof=False)
    with pytest.raises(DomainError) as exc:
        services.policy_verify(actor=world.a.users[ZO], policy=policy, reason="核对")
    assert exc.value.code == "no_proof"
    policy = registered_policy(world, qualification)
    with pytest.raises(InvalidTransitionError):
        services.policy_verify(actor=world.a.users[ZO], policy=policy, reason="")
    services.policy_verify(actor=world.a.users[PR], policy=policy, reason="核对无误")
    policy.refresh_from_db()
    assert policy.status == "verified"


def test_verification_from_the_wrong_organisation_or_role_is_refused(world, qualification):
    policy = registered_policy(world, qualification)
    for user in (
        world.b.users[ZO],
        world.b.users[PR],
        world.a.users[EU],
        world.a.users[Role.AUDITOR],
    ):
        with pytest.raises(PermissionDeniedError):
            services.policy_verify(actor=user, policy=policy, reason="x")
    policy.refresh_from_db()
    assert policy.status == "registered"


def test_a_rejected_policy_corrected_goes_back_to_registered(world, qualification):
    policy = registered_policy(world, qualification)
    services.policy_reject(actor=world.a.users[ZO], policy=policy, reason="凭证金额不符")
    policy.refresh_from_db()
    assert policy.status == "rejected"
    data = policy_data(qualification, number=policy.number, premium=Decimal("500000"))
    services.policy_update(actor=world.a.users[EU], policy=policy, data=data, today=TODAY)
    policy.refresh_from_db()
    assert policy.status == "registered" and policy.premium == Decimal("500000")
    services.policy_verify(actor=world.a.users[ZO], policy=policy, reason="核对无误")
    with pytest.raises(DomainError) as exc:
        services.policy_update(actor=world.a.users[EU], policy=policy, data=data, today=TODAY)
    assert exc.value.code == "verified"
