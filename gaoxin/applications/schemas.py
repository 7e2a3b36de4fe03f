"""Schemas of the applications API (amounts as decimal strings)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema


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


class DecisionIn(Schema):
    action: Literal["approve", "return", "reject"]
    opinion: str = Field(max_length=4000)
    points: str = Field("", max_length=4000)
    amount: str | None = Field(None, description="Decimal yuan: the proposed or decided amount")
    override_reason: str = Field("", max_length=500)
