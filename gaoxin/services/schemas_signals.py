"""API schemas of resource matching, advisor tasks and signal rules. Money travels as decimal
strings in yuan ("1234.50"), never floats. Names are prefixed (Match…, Task…, SignalRule…):
the OpenAPI components are shared by every app."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from gaoxin.core.api import ID_MAX, StrictBoolean, StrictDate, not_a_boolean

from .choices import CounterpartKind, SignalAction

MONEY_PATTERN = r"^\d{1,14}(?:\.\d{1,2})?$"
NOT_BLANK = r"\S"
MAX_GAP_PATTERN = r"^\d{1,9}(?:\.\d{1,2})?$"

CounterpartKindIn = Literal[tuple(CounterpartKind.values)]  # type: ignore[valid-type]
SignalActionIn = Literal[tuple(SignalAction.values)]  # type: ignore[valid-type]
MatchStep = Literal["introduce", "negotiate", "succeed", "fail", "reopen"]


def _optional_id(description: str):
    return Field(None, ge=1, le=ID_MAX, description=description)


class ResourceMatchOut(Schema):
    id: int
    zone: int
    enterprise: int
    enterprise_name: str
    kind: str
    counterpart_name: str
    counterpart_enterprise: int | None
    counterpart_organisation: int | None
    need: str
    advisor: int | None
    advisor_name: str
    status: str
    next_follow_up: datetime.date | None
    result: str
    amount: str | None = Field(description="Reported by the enterprise, not verified; yuan")
    closed_on: datetime.date | None
    is_sample: bool


class MatchIn(Schema):
    enterprise: int = Field(ge=1, le=ID_MAX, description="An enterprise you serve")
    kind: CounterpartKindIn
    counterpart_name: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    counterpart_enterprise: int | None = _optional_id("A registry enterprise (optional)")
    counterpart_organisation: int | None = _optional_id("A platform organisation (optional)")
    need: str = Field(min_length=1, max_length=5000, pattern=NOT_BLANK)
    advisor: int | None = _optional_id("An advisor of the enterprise's zone")
    next_follow_up: StrictDate | None = None

    @field_validator(
        "enterprise", "counterpart_enterprise", "counterpart_organisation", "advisor", mode="before"
    )
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class MatchPatchIn(Schema):
    """The match's facts; leave a field out to keep it. Its status moves through /{step}."""

    kind: CounterpartKindIn | None = None
    counterpart_name: str | None = Field(None, min_length=1, max_length=200, pattern=NOT_BLANK)
    counterpart_enterprise: int | None = _optional_id("A registry enterprise (optional)")
    counterpart_organisation: int | None = _optional_id("A platform organisation (optional)")
    need: str | None = Field(None, min_length=1, max_length=5000, pattern=NOT_BLANK)
    advisor: int | None = _optional_id("An advisor of the enterprise's zone")
    next_follow_up: StrictDate | None = None

    @field_validator("counterpart_enterprise", "counterpart_organisation", "advisor", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class MatchFollowUpIn(Schema):
    happened_on: StrictDate
    note: str = Field(min_length=1, max_length=2000, pattern=NOT_BLANK)
    next_follow_up: StrictDate | None = None


class MatchFollowUpOut(Schema):
    id: int
    match: int
    happened_on: datetime.date
    note: str


class MatchStepIn(Schema):
    reason: str = Field(
        "", max_length=2000, description="Needed for succeed (the result), fail and reopen"
    )
    amount: str | None = Field(
        None,
        pattern=MONEY_PATTERN,
        max_length=17,
        description="succeed only: the amount the enterprise reports (yuan), not verified",
    )
    next_follow_up: StrictDate | None = None


class AdvisorTaskOut(Schema):
    id: int
    zone: int
    kind: str
    enterprise: int
    enterprise_name: str
    advisor: int | None
    advisor_name: str
    title: str
    detail: str
    link: str
    status: str
    due_on: datetime.date | None
    note: str


class TaskStepIn(Schema):
    reason: str = Field("", max_length=2000, description="Needed to dismiss or reopen")


class TaskAssignIn(Schema):
    advisor: int | None = _optional_id("An advisor of the task's zone; null: unassigned")
    reason: str = Field("", max_length=500)

    @field_validator("advisor", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class SignalRuleOut(Schema):
    kind: str
    label: str
    stored: bool = Field(description="False: no row yet, the defaults apply")
    enabled: bool
    action: str
    domain: int | None
    domain_name: str
    days: int | None = Field(description="Qualification expiring: days ahead")
    max_gap: str | None = Field(description="Near miss: the largest gap, in the clause's unit")


class SignalRuleIn(Schema):
    enabled: StrictBoolean
    action: SignalActionIn
    domain: int | None = _optional_id("The service domain of the advisor who gets the task")
    days: int | None = Field(None, ge=1, le=366, description="Qualification expiring only")
    max_gap: str | None = Field(
        None, pattern=MAX_GAP_PATTERN, max_length=12, description="Near miss only"
    )

    @field_validator("domain", "days", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class SignalScanOut(Schema):
    kind: str
    label: str
    created: int
