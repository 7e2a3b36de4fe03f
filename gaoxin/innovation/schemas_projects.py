"""API schemas of the institute projects. Money travels as decimal strings in yuan ("1234.50"),
never floats. Names are prefixed (InnovationProject…): the OpenAPI components are shared by
every app."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from gaoxin.core.api import ID_MAX, StrictDate, not_a_boolean

from .choices import PatentKind, PatentStatus, ProjectStage, StandardLevel, StandardStatus

MONEY_PATTERN = r"^\d{1,14}(?:\.\d{1,2})?$"
POSITIVE_MONEY_PATTERN = r"^(?:0*[1-9]\d{0,13}(?:\.\d{1,2})?|0+\.(?:0[1-9]|[1-9]\d?))$"
NOT_BLANK = r"\S"
USCC_PATTERN = r"^[0-9A-Za-z]{18}$"

GateName = Literal["to_pilot", "to_transfer", "to_incubation"]
StageIn = Literal[tuple(ProjectStage.values)]  # type: ignore[valid-type]
PatentKindIn = Literal[tuple(PatentKind.values)]  # type: ignore[valid-type]
PatentStatusIn = Literal[tuple(PatentStatus.values)]  # type: ignore[valid-type]
StandardLevelIn = Literal[tuple(StandardLevel.values)]  # type: ignore[valid-type]
StandardStatusIn = Literal[tuple(StandardStatus.values)]  # type: ignore[valid-type]


def _id(description: str, default=None):
    return Field(default, ge=1, le=ID_MAX, description=description)


class InnovationProjectFilters(Schema):
    institute: int | None = _id("Institute id")
    stage: StageIn | None = None
    field: str | None = Field(None, max_length=60)
    q: str | None = Field(None, max_length=100, description="Title or description")


class InnovationGatePassOut(Schema):
    id: int
    gate: str
    from_stage: str
    to_stage: str
    passed_on: datetime.date
    criteria: list[dict[str, str]] = Field(description="[{criterion, evidence}]")
    has_document: bool
    note: str


class InnovationPatentOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    status: str
    filed_on: datetime.date
    granted_on: datetime.date | None
    member: int | None


class InnovationStandardOut(Schema):
    id: int
    title: str
    level: str
    number: str
    status: str
    started_on: datetime.date
    published_on: datetime.date | None
    member: int | None


class InnovationTrainingOut(Schema):
    id: int
    held_on: datetime.date
    topic: str
    people: int


class InnovationIncubationOut(Schema):
    id: int
    enterprise: int
    enterprise_name: str
    incubated_on: datetime.date
    note: str


class InnovationSpendingOut(Schema):
    id: int
    spent_on: datetime.date
    amount: str
    purpose: str


class InnovationProjectOut(Schema):
    id: int
    institute: int
    institute_name: str
    title: str
    field: str
    description: str
    stage: str
    stage_since: datetime.date
    lead_member: int | None
    members: list[int]
    started_on: datetime.date
    planned_end: datetime.date | None
    ended_on: datetime.date | None
    budget: str = Field(description="Yuan, a decimal string")
    spent: str = Field(description="Total spending, yuan")
    overrun: str = Field(description="Spending above the budget, yuan (0.00 when within)")
    is_sample: bool


class InnovationProjectDetailOut(InnovationProjectOut):
    gates: list[InnovationGatePassOut]
    spendings: list[InnovationSpendingOut]
    patents: list[InnovationPatentOut]
    standards: list[InnovationStandardOut]
    trainings: list[InnovationTrainingOut]
    incubations: list[InnovationIncubationOut]


class InnovationProjectPatchIn(Schema):
    """The project's facts; leave a field out to keep it. Its stage moves through /gates,
    /close and /stop."""

    title: str | None = Field(None, min_length=1, max_length=200, pattern=NOT_BLANK)
    field: str | None = Field(None, min_length=1, max_length=60, pattern=NOT_BLANK)
    description: str | None = Field(None, max_length=5000)
    members: list[int] | None = Field(None, max_length=100, description="Member ids")
    lead_member: int | None = _id("One of the members involved")
    started_on: StrictDate | None = None
    planned_end: StrictDate | None = None
    budget: str | None = Field(None, pattern=MONEY_PATTERN, max_length=17, description="Yuan")

    @field_validator("lead_member", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)

    @field_validator("members", mode="before")
    @classmethod
    def _member_ids(cls, value):
        if isinstance(value, list):
            for item in value:
                not_a_boolean(item)
        return value


class InnovationProjectIn(InnovationProjectPatchIn):
    institute: int = _id("An institute you manage", ...)
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    field: str = Field(
        min_length=1, max_length=60, pattern=NOT_BLANK, description="A current or planned field"
    )

    @field_validator("institute", mode="before")
    @classmethod
    def _institute_is_number(cls, value):
        return not_a_boolean(value)


class InnovationGateIn(Schema):
    gate: GateName
    evidence: dict[str, str] = Field(
        description="Criterion id → evidence text; every criterion of the gate needs one"
    )
    passed_on: StrictDate = Field(description="Not in the future")
    note: str = Field("", max_length=1000)


class InnovationEndIn(Schema):
    reason: str = Field(min_length=1, max_length=1000, pattern=NOT_BLANK)
    ended_on: StrictDate | None = Field(None, description="Today if left out")


class InnovationSpendingIn(Schema):
    spent_on: StrictDate
    amount: str = Field(pattern=POSITIVE_MONEY_PATTERN, max_length=17, description="Yuan, > 0")
    purpose: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)


class InnovationPatentIn(Schema):
    number: str = Field(min_length=1, max_length=40, pattern=NOT_BLANK)
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    kind: PatentKindIn
    status: PatentStatusIn
    filed_on: StrictDate
    granted_on: StrictDate | None = Field(None, description="Only for a granted patent")
    member: int | None = _id("The holder: a member of the institute")

    @field_validator("member", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class InnovationStandardIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    level: StandardLevelIn
    number: str = Field("", max_length=60)
    status: StandardStatusIn
    started_on: StrictDate
    published_on: StrictDate | None = None
    member: int | None = _id("Drafted by: a member of the institute")

    @field_validator("member", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class InnovationTrainingIn(Schema):
    held_on: StrictDate
    topic: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    people: int = Field(ge=1, le=100000)

    @field_validator("people", mode="before")
    @classmethod
    def _people_is_number(cls, value):
        return not_a_boolean(value)


class InnovationIncubationIn(Schema):
    """A registered enterprise (``enterprise``), or a new firm (``name`` and ``uscc``): linked
    when the credit code is registered, registered now otherwise."""

    enterprise: int | None = _id("A registered enterprise you see")
    name: str | None = Field(None, min_length=1, max_length=200, pattern=NOT_BLANK)
    uscc: str | None = Field(None, pattern=USCC_PATTERN, max_length=18)
    legal_representative: str | None = Field(None, max_length=100)
    incubated_on: StrictDate
    note: str = Field("", max_length=300)

    @field_validator("enterprise", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)
