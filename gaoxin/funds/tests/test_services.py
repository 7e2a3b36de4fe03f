"""The ledger's services: totals, refusals with their codes, idempotency, audit, permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.funds import selectors
from gaoxin.funds.choices import EntryKind
from gaoxin.funds.models import FundEnterpriseTotal, LedgerEntry
from gaoxin.funds.services import (
    LedgerError,
    clawback_create,
    commitment_create,
    commitment_release,
    disbursement_create,
)

from .factories import make_commitment, make_fund

D = Decimal


def totals(fund):
    fund.refresh_from_db()
    return fund.committed, fund.paid


def test_commitment_moves_the_fund_and_the_enterprise_total(fund, world, official):
    c = commitment_create(
        actor=official,
        fund=fund,
        enterprise=world.a.enterprise,
        amount=D("120000.50"),
        source=fund.policy,
        reason="评审通过",
    )
    assert totals(fund) == (D("120000.50"), D("0"))
    assert c.source == fund.policy and c.source_label == fund.policy.title
    total = FundEnterpriseTotal.objects.get(fund=fund, enterprise=world.a.enterprise)
    assert total.committed == D("120000.50") and total.cap == D("300000")
    entry = c.entries.get()
    assert entry.kind == EntryKind.COMMITMENT and entry.amount == D("120000.50")
    assert AuditEvent.objects.filter(action="funds.commitment.create", actor=official).exists()


def test_over_budget_is_refused_and_changes_nothing(world, official):
    fund = make_fund(world.a.zone, budget="100000")
    make_commitment(fund, world.a.enterprise, "80000")
    with pytest.raises(LedgerError) as info:
        make_commitment(fund, EnterpriseFactory(zone=world.a.zone), "20000.01")
    assert info.value.code == "over_budget" and info.value.status == 409
    message = info.value.message  # names the amount asked, the budget, what is committed
    assert all(a in message for a in ("20,000.01", "100,000.00", "80,000.00", "20,000.00"))
    assert totals(fund) == (D("80000"), D("0"))
    assert LedgerEntry.objects.filter(fund=fund).count() == 1


def test_the_cap_per_enterprise_counts_every_commitment(fund, world):
    make_commitment(fund, world.a.enterprise, "200000")
    make_commitment(fund, world.a.enterprise, "100000")
    with pytest.raises(LedgerError) as info:
        make_commitment(fund, world.a.enterprise, "0.01")
    assert info.value.code == "over_enterprise_cap"
    make_commitment(fund, EnterpriseFactory(zone=world.a.zone), "300000")  # another firm's cap
    assert totals(fund) == (D("600000"), D("0"))


def test_an_enterprise_of_another_zone_gets_nothing(fund, world):
    with pytest.raises(DomainError) as info:
        make_commitment(fund, world.b.enterprise, "1000")
    assert info.value.field == "enterprise"


@pytest.mark.parametrize("amount", ["0", "-1", "1.001", 1.5])
def test_amounts_must_be_positive_yuan(fund, world, amount):
    with pytest.raises(DomainError) as info:
        make_commitment(fund, world.a.enterprise, amount) if not isinstance(
            amount, float
        ) else commitment_create(
            actor=None,
            fund=fund,
            enterprise=world.a.enterprise,
            amount=amount,
            source=None,
            reason="x",
        )
    assert info.value.field == "amount"


def test_disbursement_pays_within_the_commitment(commitment, official):
    entry, created = disbursement_create(
        actor=official,
        commitment=commitment,
        amount=D("150000"),
        reference="GK-1",
        idempotency_key="k1",
    )
    assert created and entry.kind == EntryKind.DISBURSEMENT and entry.reference == "GK-1"
    commitment.refresh_from_db()
    assert commitment.disbursed == D("150000") and commitment.remaining == D("50000")
    assert totals(commitment.fund) == (D("200000"), D("150000"))
    with pytest.raises(LedgerError) as info:
        disbursement_create(
            actor=official,
            commitment=commitment,
            amount=D("50000.01"),
            reference="GK-2",
            idempotency_key="k2",
        )
    assert info.value.code == "over_commitment" and "50,000.00" in info.value.message
    assert not LedgerEntry.objects.filter(idempotency_key="k2").exists()
    assert AuditEvent.objects.filter(action="funds.disbursement.create").count() == 1


def test_the_same_key_pays_once(commitment, official):
    args = {"actor": official, "commitment": commitment, "amount": D("1000"), "reference": "R"}
    first, created = disbursement_create(**args, idempotency_key="same")
    again, created_again = disbursement_create(**args, idempotency_key="same")
    assert created and not created_again and again.pk == first.pk
    assert totals(commitment.fund)[1] == D("1000")
    with pytest.raises(LedgerError) as info:
        disbursement_create(**{**args, "amount": D("2000")}, idempotency_key="same")
    assert info.value.code == "idempotency_key_reused"
    assert totals(commitment.fund)[1] == D("1000")


def test_a_disbursement_needs_a_reference_and_a_key(commitment, official):
    for reference, key, field in (("", "k", "reference"), ("R", " ", "idempotency_key")):
        with pytest.raises(DomainError) as info:
            disbursement_create(
                actor=official,
                commitment=commitment,
                amount=D("1"),
                reference=reference,
                idempotency_key=key,
            )
        assert info.value.field == field


def test_release_gives_the_unpaid_part_back(commitment, official, world):
    disbursement_create(
        actor=official, commitment=commitment, amount=D("50000"), reference="R", idempotency_key="k"
    )
    entry = commitment_release(actor=official, commitment=commitment, reason="项目终止")
    assert entry.kind == EntryKind.RELEASE and entry.amount == D("150000")
    commitment.refresh_from_db()
    assert (commitment.amount, commitment.disbursed) == (D("50000"), D("50000"))
    assert totals(commitment.fund) == (D("50000"), D("50000"))
    total = FundEnterpriseTotal.objects.get(fund=commitment.fund, enterprise=world.a.enterprise)
    assert total.committed == D("50000")
    with pytest.raises(LedgerError):
        commitment_release(actor=official, commitment=commitment, reason="again")


def test_release_of_more_than_is_unpaid_is_refused(commitment, official):
    with pytest.raises(LedgerError) as info:
        commitment_release(actor=official, commitment=commitment, amount=D("200000.01"), reason="x")
    assert info.value.code == "over_commitment"
    commitment_release(actor=official, commitment=commitment, amount=D("1000"), reason="x")
    assert totals(commitment.fund) == (D("199000"), D("0"))


def test_clawback_takes_paid_money_off_paid_and_committed(commitment, official):
    disbursement_create(
        actor=official, commitment=commitment, amount=D("80000"), reference="R", idempotency_key="k"
    )
    with pytest.raises(LedgerError) as info:
        clawback_create(
            actor=official,
            commitment=commitment,
            amount=D("80000.01"),
            reference="TH-1",
            reason="x",
        )
    assert info.value.code == "over_commitment"
    entry = clawback_create(
        actor=official, commitment=commitment, amount=D("30000"), reference="TH-1", reason="虚报"
    )
    assert entry.kind == EntryKind.CLAWBACK and entry.reference == "TH-1"
    commitment.refresh_from_db()
    assert (commitment.amount, commitment.disbursed) == (D("170000"), D("50000"))
    assert totals(commitment.fund) == (D("170000"), D("50000"))
    with pytest.raises(DomainError) as info:
        clawback_create(
            actor=official, commitment=commitment, amount=D("1"), reference="", reason="x"
        )
    assert info.value.field == "reference"
    assert AuditEvent.objects.filter(action="funds.clawback.create", reason="虚报").exists()


@pytest.mark.parametrize("who", ["other_official", "auditor", "member"])
def test_only_the_zones_officials_move_its_money(commitment, world, who, auditor, member):
    from gaoxin.accounts.choices import Role

    actor = {
        "other_official": world.b.users[Role.ZONE_OFFICIAL],
        "auditor": auditor,
        "member": member,
    }[who]
    with pytest.raises(PermissionDeniedError):
        disbursement_create(
            actor=actor, commitment=commitment, amount=D("1"), reference="R", idempotency_key="k"
        )
    with pytest.raises(PermissionDeniedError):
        commitment_release(actor=actor, commitment=commitment, reason="x")
    assert totals(commitment.fund) == (D("200000"), D("0"))


def test_entries_are_append_only(commitment):
    entry = commitment.entries.get()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_selectors(commitment, world, official, auditor):
    assert selectors.fund_for(commitment.fund.policy, 2025) == commitment.fund
    assert selectors.fund_for(commitment.fund.policy, 2024) is None
    assert list(selectors.commitments_of_enterprise(world.a.enterprise)) == [commitment]
    assert list(selectors.visible_funds(official)) == [commitment.fund]
    assert list(selectors.visible_funds(auditor)) == [commitment.fund]
    from gaoxin.accounts.choices import Role

    assert not selectors.visible_funds(world.b.users[Role.ZONE_OFFICIAL]).exists()
    assert not selectors.visible_funds(world.a.users[Role.PARK_OPERATOR]).exists()


def test_amounts_are_exact_in_sql_on_every_database(db):
    """Amounts are whole fen in the database: on SQLite a decimal column is a float, and
    5 425 678.92 − 425 678.92 compared with 5 000 000.00 would be off by a rounding error."""
    from gaoxin.core.fields import FenField

    field = FenField()
    assert field.get_db_prep_value(Decimal("5425678.92"), connection=None) == 542567892
    assert field.from_db_value(542567892, None, None) == Decimal("5425678.92")
    with pytest.raises(ValidationError):
        field.get_db_prep_value(Decimal("0.001"), connection=None)


def test_a_budget_spent_to_the_fen_in_odd_amounts(world):
    """The whole budget committed and paid in amounts whose float sums are inexact."""
    fund = make_fund(world.a.zone, budget="5425678.92", title="精确到分")
    commitment = make_commitment(fund, world.a.enterprise, amount="5425678.92")
    for n, amount in enumerate(["425678.92", "0.10", "0.20", "4999999.70"]):
        disbursement_create(
            actor=None,
            commitment=commitment,
            amount=D(amount),
            reference=f"凭证{n}",
            idempotency_key=f"exact-{n}",
        )
    assert totals(fund) == (D("5425678.92"), D("5425678.92"))
