"""The database's own guard: a raw UPDATE or INSERT that would break an invariant is refused,
whatever code sends it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from gaoxin.core.fields import yuan_value
from gaoxin.funds.choices import EntryKind
from gaoxin.funds.models import Commitment, Fund, FundEnterpriseTotal, LedgerEntry
from gaoxin.funds.services import LedgerError, _guard


def refused(queryset, **changes) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**changes)


def test_fund_totals_stay_in_order(commitment):
    funds = Fund.objects.filter(pk=commitment.fund_id)
    refused(funds, committed=F("budget") + yuan_value(Decimal("0.01")))
    refused(funds, paid=F("committed") + yuan_value(Decimal("0.01")))
    refused(funds, paid=Decimal("-0.01"), committed=Decimal("0"))
    funds.update(paid=F("committed"))  # at the limit is allowed


def test_an_enterprise_total_stays_under_its_cap(commitment):
    totals = FundEnterpriseTotal.objects.filter(fund=commitment.fund)
    refused(totals, committed=F("cap") + yuan_value(Decimal("0.01")))
    refused(totals, committed=Decimal("-1"))


def test_a_commitment_pays_no_more_than_it_holds(commitment):
    rows = Commitment.objects.filter(pk=commitment.pk)
    refused(rows, disbursed=F("amount") + yuan_value(Decimal("0.01")))
    refused(rows, disbursed=Decimal("-0.01"))


def entry(commitment, **fields):
    values = {
        "fund_id": commitment.fund_id,
        "commitment": commitment,
        "kind": EntryKind.DISBURSEMENT,
        "amount": Decimal("1"),
        "reference": "R",
        **fields,
    }
    return LedgerEntry(**values)


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": Decimal("0")},
        {"amount": Decimal("-5")},
        {"reference": ""},
        {"kind": EntryKind.CLAWBACK, "reference": ""},
        {"kind": "gift"},
    ],
)
def test_entries_that_break_a_rule_are_refused(commitment, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(commitment, **fields).save()


def test_an_idempotency_key_is_used_once_per_fund(commitment):
    entry(commitment, idempotency_key="k").save()
    entry(commitment, idempotency_key=None).save()
    entry(commitment, idempotency_key=None).save()  # no key: no limit
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(commitment, idempotency_key="k").save()


def test_a_constraint_refusal_is_a_ledger_error(commitment):
    """The second guard: an UPDATE whose own condition lets it through still fails cleanly."""
    with pytest.raises(LedgerError) as info:
        _guard(
            Fund.objects.filter(pk=commitment.fund_id),
            lambda: LedgerError("over", code="over_budget"),
            committed=F("budget") + 1,
        )
    assert info.value.code == "over_budget"
    commitment.fund.refresh_from_db()
    assert commitment.fund.committed == Decimal("200000")
