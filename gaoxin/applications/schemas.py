"""Schemas of the applications API (amounts as decimal strings)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict


class ApplicationOut(Schema):
    id: int
    number: str
    policy: int
    policy_title: str
    enterprise: int
    enterprise_name: str
    status: str
    current_stage: str | None
    computed_amount: str | None
    proposed_amount: str | None
    decided_amount: str | None
    is_sample: bool


class VersionOut(Schema):
    number: int
    submitted_at: datetime.datetime
    policy_version: int
    computed_amount: str | None
    facts: dict
    trace: dict


class ReviewOut(Schema):
    id: int
    application: int
    number: str
    enterprise_name: str
    stage: str
    stage_kind: str
    status: str
    due_on: datetime.date
    overdue: bool
    opinion: str
    points_to_fix: str


class ApplicationDetailOut(ApplicationOut):
    versions: list[VersionOut]
    reviews: list[ReviewOut]
    notice_starts_on: datetime.date | None
    notice_ends_on: datetime.date | None


# More than zero, at most two decimal places and fourteen digits before the point.
AMOUNT_PATTERN = r"^(?:0*[1-9]\d{0,13}(?:\.\d{1,2})?|0+\.(?:0[1-9]|[1-9]\d?))$"
NOT_BLANK = r"\S"


class DecisionIn(Schema):
    """A stage owner's decision. Returning for revision needs the points to fix (the schema
    says so with if/then); a decided amount above the computed one needs the reason for the
    override (409 ``over_computed`` otherwise: it depends on the application's amount)."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"action": {"const": "return"}}, "required": ["action"]},
            "then": {
                "properties": {"points": {"minLength": 1, "pattern": NOT_BLANK}},
                "required": ["points"],
            },
        }
    )

    action: Literal["approve", "return", "reject"]
    opinion: str = Field(min_length=1, max_length=4000, pattern=NOT_BLANK)
    points: str = Field("", max_length=4000)
    amount: str | None = Field(
        None,
        pattern=AMOUNT_PATTERN,
        description="Decimal yuan, more than zero: the proposed or decided amount",
    )
    override_reason: str = Field("", max_length=500)
