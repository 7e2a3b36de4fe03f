"""API schemas of the yearly reporting campaigns (年报填报). Types only: the services check."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

from gaoxin.core.api import (
    CURRENT_YEAR_MAX,
    FIRST_YEAR,
    INT32_MAX,
    whole_number,
    whole_number_or_error,
)

from .choices import FIGURES, EntryStatus
from .deadlines import MAX_WORKING_DAYS

FIGURE_LIST = ", ".join(FIGURES)
Figure = Literal[FIGURES]  # type: ignore[valid-type]


class ProgressOut(Schema):
    total: int = Field(description="The zone's member enterprises (partners are not asked)")
    reported: int = Field(description="Verified plus awaiting verification (已报)")
    verified: int
    pending: int
    not_reported: int
    percent: int
    past_deadline: bool
    working_days_left: int | None = Field(
        description="Working days to the deadline, both counted; null once it has passed"
    )
    overdue_count: int = Field(description="Not reported once the deadline has passed")
    text: str = Field(description='"2025年：3/25 家已报"', examples=["2025年：3/25 家已报"])


class CampaignOut(Schema):
    id: int
    year: int
    required: list[str]
    required_labels: list[str]
    opened_on: datetime.date
    working_days: int
    deadline: datetime.date
    status: str
    closed_at: datetime.datetime | None
    is_sample: bool
    progress: ProgressOut


class OverdueOut(Schema):
    id: int
    name: str
    uscc: str


class CampaignDetailOut(CampaignOut):
    overdue: list[OverdueOut] = Field(
        description="Once the deadline has passed: the first 50 enterprises not reported, by name"
    )


class CampaignIn(Schema):
    year: Annotated[
        int,
        BeforeValidator(whole_number_or_error),
        Field(ge=FIRST_YEAR),
        WithJsonSchema({"type": "integer", "minimum": FIRST_YEAR, CURRENT_YEAR_MAX: True}),
    ] = Field(description="The year reported: from 1949 to this year", examples=[2025])
    required: list[Figure] = Field(
        min_length=1, description=f"Figures every enterprise must give: {FIGURE_LIST}"
    )
    working_days: whole_number(1, MAX_WORKING_DAYS) = Field(
        description="Chinese working days after today to the deadline (1–120)", examples=[20]
    )


class CloseIn(Schema):
    reason: str = Field("", max_length=500)


class EntryOut(Schema):
    """One row of ``selectors.campaign_rows`` (an enterprise annotated with where it stands)."""

    enterprise_id: int
    name: str
    uscc: str
    park: str | None
    status: EntryStatus
    status_label: str
    pending_record_id: int | None = Field(
        description="The submission awaiting verification (verify it by this id)"
    )
    submitted_at: datetime.datetime | None
    rejection_reason: str

    @staticmethod
    def resolve_enterprise_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_park(obj) -> str | None:
        return obj.park.name if obj.park_id else None

    @staticmethod
    def resolve_status(obj) -> str:
        from .selectors import row_status

        return row_status(obj)

    @staticmethod
    def resolve_status_label(obj) -> str:
        from .selectors import row_status

        return str(EntryStatus(row_status(obj)).label)

    @staticmethod
    def resolve_pending_record_id(obj) -> int | None:
        return obj.pending_id

    @staticmethod
    def resolve_submitted_at(obj):
        return obj.pending_at

    @staticmethod
    def resolve_rejection_reason(obj) -> str:
        from .selectors import row_status

        return obj.last_reason if row_status(obj) == EntryStatus.REJECTED else ""


class VerifyIn(Schema):
    ids: list[whole_number(1, INT32_MAX)] = Field(
        min_length=1,
        max_length=200,
        description="Ids of submissions awaiting verification (pending_record_id)",
    )
    reason: str = Field("", max_length=2000)


class VerifyOut(Schema):
    verified: int


class TaskOut(Schema):
    campaign_id: int
    year: int
    required: list[str]
    required_labels: list[str]
    deadline: datetime.date
    working_days_left: int | None
    status: EntryStatus
    status_label: str
    rejection_reason: str
    pending_record_id: int | None
