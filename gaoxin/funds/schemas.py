"""API schemas of the fund ledgers. Money travels as decimal strings ("1234.50"), never floats."""

from __future__ import annotations

import datetime

from ninja import Field, Schema
from pydantic import field_validator

from gaoxin.core.api import id_field, not_a_boolean

# More than zero, at most two decimal places and fourteen significant digits before the point.
AMOUNT_PATTERN = r"^(?:0*[1-9]\d{0,13}(?:\.\d{1,2})?|0+\.(?:0[1-9]|[1-9]\d?))$"
NOT_BLANK = r"\S"


class FundOut(Schema):
    id: int
    name: str
    policy: int
    policy_title: str
    year: int
    budget: str = Field(description="Yuan, a decimal string", examples=["5000000.00"])
    per_enterprise_cap: str | None = Field(description="Yuan; null: no cap")
    committed: str
    paid: str
    remaining: str = Field(description="Budget not yet committed: budget − committed")
    unpaid: str = Field(description="Committed and not yet paid: committed − paid")


class CommitmentOut(Schema):
    id: int
    enterprise: int
    enterprise_name: str
    amount: str = Field(description="Committed now (after releases and claw-backs)")
    disbursed: str
    remaining: str = Field(description="Still to pay: amount − disbursed")
    source: str
    reason: str
    created_at: datetime.datetime


class DisbursementIn(Schema):
    commitment: int = id_field(description="The commitment to pay (of this fund)")
    amount: str = Field(
        pattern=AMOUNT_PATTERN,
        max_length=17,
        description="Yuan, more than zero, a decimal string with at most two places",
        examples=["30000.00"],
    )
    reference: str = Field(
        min_length=1,
        max_length=100,
        pattern=NOT_BLANK,
        description="The payment reference (e.g. a voucher number); not blank",
    )

    @field_validator("commitment", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class LedgerEntryOut(Schema):
    id: int
    fund: int
    commitment: int
    kind: str = Field(description="commitment, disbursement, release or clawback")
    amount: str
    reference: str
    idempotency_key: str | None
    created_at: datetime.datetime
    commitment_amount: str = Field(description="The commitment's amount after this request")
    commitment_disbursed: str = Field(description="What the commitment has paid after it")
    commitment_remaining: str
