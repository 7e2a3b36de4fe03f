"""Schemas of the institutes API (api_institutes.py)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema
from pydantic import field_validator

from gaoxin.core.api import StrictDate, id_field, not_a_boolean

from .choices import InstituteLevel, MemberRole, WorkKind

NAME = r"\S"


class InstituteFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Institute or member name")


class InstituteIn(Schema):
    name: str = Field(min_length=1, max_length=200, pattern=NAME)
    short_name: str = Field("", max_length=60)
    level: InstituteLevel
    unveiled_on: StrictDate | None = None
    host: int | None = id_field(None, description="Enterprise id (the host)")
    park: int | None = id_field(None, description="Park id; a park operator must give its own")
    fields: list[str] = Field(default_factory=list, max_length=30)
    planned_fields: list[str] = Field(default_factory=list, max_length=30)
    work_kinds: list[WorkKind] = Field(default_factory=list, max_length=5)
    description: str = Field("", max_length=5000)
    source: str = Field("", max_length=300)

    @field_validator("host", "park", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class InstitutePatchIn(Schema):
    name: str | None = Field(None, min_length=1, max_length=200, pattern=NAME)
    short_name: str | None = Field(None, max_length=60)
    level: InstituteLevel | None = None
    unveiled_on: StrictDate | None = None
    host: int | None = id_field(None, description="Enterprise id; null: no host")
    park: int | None = id_field(None, description="Park id; null: no park")
    fields: list[str] | None = Field(None, max_length=30)
    planned_fields: list[str] | None = Field(None, max_length=30)
    work_kinds: list[WorkKind] | None = Field(None, max_length=5)
    description: str | None = Field(None, max_length=5000)
    source: str | None = Field(None, max_length=300)

    @field_validator("host", "park", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class MemberIn(Schema):
    role: MemberRole
    name: str = Field("", max_length=200, description="Empty: the enterprise's or organisation's")
    enterprise: int | None = id_field(None, description="Enterprise id")
    organisation: int | None = id_field(None, description="Organisation id (a university …)")
    joined_on: StrictDate | None = None
    note: str = Field("", max_length=300)

    @field_validator("enterprise", "organisation", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class MemberOut(Schema):
    id: int
    role: MemberRole
    name: str
    enterprise: int | None
    organisation: int | None
    joined_on: datetime.date | None
    note: str


class StageCountsOut(Schema):
    rnd: int
    pilot: int
    transfer: int
    incubation: int
    closed: int
    stopped: int


class OutputYearOut(Schema):
    year: int
    patents_filed: int
    patents_granted: int
    standards: int
    people_trained: int
    firms_incubated: int


class ContributionOut(Schema):
    member: int
    name: str
    role: MemberRole
    projects_led: int
    projects_involved: int
    patents: int
    standards: int
    budget_led: str = Field(description="Yuan, a decimal string with two places")


class InstituteOut(Schema):
    id: int
    zone: int
    name: str
    short_name: str
    level: InstituteLevel
    unveiled_on: datetime.date | None
    host: int | None
    host_name: str
    park: int | None
    park_name: str
    lead_name: str
    members_count: int
    projects_by_stage: StageCountsOut
    is_sample: bool


class InstituteDetailOut(InstituteOut):
    fields: list[str]
    planned_fields: list[str]
    work_kinds: list[WorkKind]
    description: str
    source: str
    members: list[MemberOut]
    outputs_per_year: list[OutputYearOut]
    contribution: list[ContributionOut]
