"""API schemas of the expert pool and draws. Types only: the selectors scope, the services
compute. Decimals are strings; the seed is a string too (it may exceed 2^53)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema


class ExpertOut(Schema):
    id: int
    name: str
    title: str
    organisation: str = Field(description="The registered organisation's name, or the name given")
    organisation_id: int | None
    fields: list[str] = Field(examples=[["医疗器械", "技术转化"]])
    active: bool
    scores_online: bool = Field(description="Linked to an account that scores online")
    is_sample: bool


class ExcludedOut(Schema):
    expert: int
    name: str
    reason: str = Field(
        description="inactive, field_mismatch, same_organisation, declared_tie or recent_review"
    )
    reason_label: str
    text: str


class ScoreSheetItemOut(Schema):
    key: str
    label_zh: str
    label_en: str
    max_points: str


class AssignmentOut(Schema):
    id: int
    expert: int
    expert_name: str
    status: str
    scores: dict[str, str]
    total: str | None
    submitted_at: datetime.datetime | None


class AggregateOut(Schema):
    expected: int
    submitted: int
    mean: str | None
    spread: str | None
    stdev: str | None = Field(description="Population standard deviation of the totals")
    threshold: str
    disagree: bool = Field(description="The spread of the totals is above the threshold")
    complete: bool


class DrawOut(Schema):
    id: int
    subject_type: str = Field(examples=["applications.application"])
    subject_id: int
    enterprise: int
    enterprise_name: str
    policy: int
    fields: list[str]
    n: int
    seed: str = Field(description="random.Random(int(seed)).sample(pool, n) gives `drawn`")
    pool: list[int] = Field(description="The eligible expert ids at draw time, ascending")
    excluded: list[ExcludedOut]
    drawn: list[int]
    replayed_same: bool
    lookback_days: int
    drawn_at: datetime.datetime
    items: list[ScoreSheetItemOut]
    assignments: list[AssignmentOut]
    aggregate: AggregateOut
