"""Premium-subsidy claims on the applications machinery: start refusals (unpaid, banned), the
freeze with the rulebook (worked example 4), the decision's allocation (verified policies only,
within a fresh computation, the cap ledger, the fund's commitment), replay."""

import datetime
from decimal import Decimal

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.applications import services as applications
from gaoxin.applications.tests.factories import open_review, pdf
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError
from gaoxin.firstset import ledger, subsidy_program
from gaoxin.firstset import services_insurance as services
from gaoxin.firstset.models import Ban, CapEntry
from gaoxin.funds.models import Commitment
from gaoxin.funds.services import fund_create

from .factories_insurance import (
    TODAY,
    insurance_round,
    insured_qualification,
    registered_policy,
    verified_policy,
)

pytestmark = pytest.mark.django_db
EU, ZO = Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL
D = Decimal


@pytest.fixture
def qualification(world):
    return insured_qualification(world, insurance_round(world))


def _fund(qualification, year=TODAY.year):
    return fund_create(
        actor=None, policy=qualification.round.subsidy_policy, year=year, budget=D("5000000")
    )


def _start(world, qualification, policies):
    return services.claim_start(
        actor=world.a.users[EU], qualification=qualification, policies=policies, today=TODAY
    )


def _submitted(world, qualification, policies):
    claim = _start(world, qualification, policies)
    member = world.a.users[EU]
    application = claim.application
    applications.material_add(actor=member, application=application, kind="申请表", upload=pdf())
    applications.application_submit(actor=member, application=application, today=TODAY)
    application.refresh_from_db()
    return claim


def _decide(world, application):
    official = world.a.users[ZO]
    applications.review_decide(
        actor=official, review=open_review(application), action="approve", opinion="同意推荐",
        today=TODAY,
    )  # fmt: skip
    application.refresh_from_db()
    applications.review_decide(
        actor=official, review=open_review(application), action="approve", opinion="同意",
        today=TODAY,
    )  # fmt: skip
    application.refresh_from_db()
    return application


def test_start_refuses_an_unpaid_policy(world, qualification):
    unpaid = registered_policy(world, qualification, with_proof=False)
    with pytest.raises(DomainError) as exc:
        _start(world, qualification, [unpaid])
    assert exc.value.code == "policy_not_claimable" and unpaid.number in exc.value.message
    no_date = registered_policy(world, qualification, paid_on=None)
    with pytest.raises(DomainError):
        _start(world, qualification, [no_date])


def test_start_refuses_a_banned_enterprise(world, qualification):
    policy = registered_policy(world, qualification)
    Ban.objects.create(
        enterprise=world.a.enterprise,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2028, 1, 1),
        reason="虚报保费",
    )
    with pytest.raises(DomainError) as exc:
        _start(world, qualification, [policy])
    assert exc.value.code == "banned" and "2028-01-01" in exc.value.message


def test_a_policy_in_an_open_claim_cannot_be_claimed_twice(world, qualification):
    policy = registered_policy(world, qualification)
    claim = _start(world, qualification, [policy])
    assert list(claim.policies.all()) == [policy]
    assert claim.application.policy == qualification.round.subsidy_policy
    other = insured_qualification(world, qualification.round)
    from gaoxin.firstset.selectors_insurance import claimable_policies

    assert policy not in claimable_policies(qualification)
    assert policy in claimable_policies(qualification, claim)
    assert not claimable_policies(other).exists()


def test_freeze_computes_worked_example_4(world, qualification):
    policy = registered_policy(world, qualification)  # 2025-03-01..2026-02-28, 560 000
    claim = _submitted(world, qualification, [policy])
    version = claim.application.current_version
    assert version.computed_amount == D("448000.00")
    trace = version.trace
    assert trace["amount"] == trace["total"] == "448000.00"
    assert trace["cap_remaining"] == "1712000.00"
    assert trace["parameters_version"]
    assert trace["case"]["qualification"]["granted_before"] == "0.00"
    assert trace["policies"][0]["subsidy"] == "448000.00" and trace["policies"][0]["trace"]
    assert subsidy_program.replay(claim.application)["same"] is True


def test_freeze_refuses_a_banned_enterprise(world, qualification):
    claim = _start(world, qualification, [registered_policy(world, qualification)])
    Ban.objects.create(
        enterprise=world.a.enterprise,
        starts_on=TODAY,
        ends_on=datetime.date(2028, 6, 1),
        reason="虚报",
    )
    with pytest.raises(DomainError) as exc:
        subsidy_program.freeze(world.a.users[EU], claim.application, TODAY)
    assert exc.value.code == "banned"


def test_decision_refuses_unverified_policies_and_moves_nothing(world, qualification):
    _fund(qualification)
    policy = registered_policy(world, qualification)
    claim = _submitted(world, qualification, [policy])
    with pytest.raises(DomainError) as exc:
        _decide(world, claim.application)
    assert exc.value.code == "unverified_policies" and policy.number in exc.value.message
    qualification.refresh_from_db()
    assert qualification.used == 0 and not CapEntry.objects.exists()
    assert not Commitment.objects.exists()


def test_decision_allocates_against_the_cap_and_commits_the_money(world, qualification):
    fund = _fund(qualification)
    policy = verified_policy(world, qualification)
    claim = _submitted(world, qualification, [policy])
    application = _decide(world, claim.application)
    assert application.status == "decided" and application.decided_amount == D("448000.00")
    assert application.decision_trace["parameters_version"]
    qualification.refresh_from_db()
    assert qualification.used == D("448000.00") and qualification.remaining == D("1712000.00")
    entry = CapEntry.objects.get()
    assert (entry.kind, entry.amount, entry.claim_id) == ("allocate", D("448000.00"), claim.pk)
    assert entry.note == application.number
    claim.refresh_from_db()
    assert claim.allocated == D("448000.00")
    assert claim.commitment.fund == fund and claim.commitment.amount == D("448000.00")
    assert claim.commitment.enterprise == world.a.enterprise
    assert AuditEvent.objects.filter(action="firstset.claim.allocate").count() == 1
    assert AuditEvent.objects.filter(action="firstset.cap.allocate").count() == 1
    assert subsidy_program.replay(application)["same"] is True


def test_decision_refuses_more_than_a_fresh_computation(world, qualification):
    _fund(qualification)
    claim = _submitted(world, qualification, [verified_policy(world, qualification)])
    # another decision took most of the cap since the application was submitted
    ledger.allocate(actor=None, qualification=qualification, amount=D("2000000"), note="另一申请")
    with pytest.raises(DomainError) as exc:
        _decide(world, claim.application)
    assert exc.value.code == "over_recomputed"
    assert "448,000.00" in exc.value.message and "160,000.00" in exc.value.message
    qualification.refresh_from_db()
    assert qualification.used == D("2000000") and not Commitment.objects.exists()


def test_decision_without_a_fund_is_refused(world, qualification):
    claim = _submitted(world, qualification, [verified_policy(world, qualification)])
    with pytest.raises(DomainError) as exc:
        _decide(world, claim.application)
    assert exc.value.code == "no_fund"
    qualification.refresh_from_db()
    assert qualification.used == 0


def test_the_ledger_refuses_over_the_cap_and_changes_nothing(world, qualification):
    ledger.allocate(actor=None, qualification=qualification, amount=D("2000000"))
    with pytest.raises(DomainError) as exc:
        ledger.allocate(actor=None, qualification=qualification, amount=D("160000.01"))
    assert exc.value.code == "over_cap"
    qualification.refresh_from_db()
    assert qualification.used == D("2000000") and CapEntry.objects.count() == 1


def test_claim_update_changes_the_policies_of_a_draft(world, qualification):
    first = registered_policy(world, qualification)
    second = registered_policy(world, qualification, starts_on=datetime.date(2026, 3, 1),
                               ends_on=datetime.date(2027, 2, 28))  # fmt: skip
    claim = _start(world, qualification, [first])
    services.claim_update(actor=world.a.users[EU], claim=claim, policies=[first, second])
    assert set(claim.policies.all()) == {first, second}
    with pytest.raises(DomainError):
        services.claim_update(actor=world.a.users[EU], claim=claim, policies=[])


def test_the_panel_shows_the_trace_in_review_and_the_allocation_after_the_decision(
    client, world, qualification
):
    from django.urls import reverse

    _fund(qualification)
    policy = registered_policy(world, qualification)
    claim = _submitted(world, qualification, [policy])
    review = open_review(claim.application)
    client.force_login(world.a.users[ZO])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("applications:review_detail", kwargs={"pk": review.pk}))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="subsidy-panel"' in html
    assert 'data-testid="verify-policy"' in html and 'data-value="448000.00"' in html
    assert 'data-testid="trace-step"' in html
    assert f'data-testid="result-row" data-policy="{policy.number}"' in html
    services.policy_verify(actor=world.a.users[ZO], policy=policy, reason="核对无误")
    application = _decide(world, claim.application)
    html = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content
    html = html.decode()
    assert 'data-testid="allocated"' in html and "448,000.00" in html
    assert 'data-testid="commitment"' in html
    client.force_login(world.a.users[EU])
    chinese = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))
    assert chinese.status_code == 200
