"""Builders of the fund tests: a policy of a zone, its fund, a commitment (through the services,
so the totals and the ledger agree)."""

from __future__ import annotations

from decimal import Decimal

from gaoxin.funds.models import Commitment, Fund
from gaoxin.funds.services import commitment_create, fund_create
from gaoxin.policies.services import policy_create

YEAR = 2025


def make_policy(zone, title: str = "研发费用后补助"):
    return policy_create(actor=None, zone=zone, data={"title": title, "issuing_body": "管委会"})


def make_fund(zone, *, budget="1000000", cap=None, title="研发费用后补助", year=YEAR) -> Fund:
    return fund_create(
        actor=None,
        policy=make_policy(zone, title),
        year=year,
        budget=Decimal(budget),
        per_enterprise_cap=None if cap is None else Decimal(cap),
    )


def make_commitment(fund: Fund, enterprise, amount="100000") -> Commitment:
    return commitment_create(
        actor=None,
        fund=fund,
        enterprise=enterprise,
        amount=Decimal(amount),
        source=fund.policy,
        reason="评审通过",
    )
