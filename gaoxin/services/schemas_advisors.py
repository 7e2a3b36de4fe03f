"""API schemas of the advisor pool, the service domains and the service reports. Names are
prefixed (Advisor…, ServiceDomain…, ServiceReport…): the OpenAPI components are shared by
every app. Averages travel as decimal strings ("4.50"), never floats."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import field_validator

from gaoxin.core.api import (
    AS_OF_PATTERN,
    ID_MAX,
    StrictBoolean,
    StrictDate,
    id_field,
    not_a_boolean,
)

NOT_BLANK = r"\S"
CODE_PATTERN = r"^[-a-zA-Z0-9_]+$"


def domain_ids(value):
    """Each a domain id, never true/false."""
    if isinstance(value, list):
        for item in value:
            not_a_boolean(item)
    return value


# A domain id (the bounds stated in the document's items).
DomainId = Annotated[int, Field(ge=1, le=ID_MAX)]


class AdvisorFilters(Schema):
    domain: int | None = Field(None, ge=1, le=ID_MAX, description="A domain id (or its broad one)")
    availability: Literal["available", "unavailable"] | None = None
    q: str | None = Field(None, max_length=100, description="Name or organisation")


class AdvisorDomainOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    parent: int | None


class AdvisorOut(Schema):
    id: int
    zone: int
    expert: int
    name: str
    organisation: str
    title: str
    domains: list[AdvisorDomainOut]
    term_start: datetime.date
    term_end: datetime.date | None
    available: bool = Field(description="Available today (the flag and the absence together)")
    unavailable_until: datetime.date | None
    unavailable_reason: str
    max_load: int
    open_load: int
    overdue: int
    rating: str | None = Field(description="Mean of the stars, two places")
    rating_count: int
    appointed_at: int | None
    note: str
    is_sample: bool


class AdvisorIn(Schema):
    expert: int = id_field(description="An expert of your zone's pool, not yet an advisor")
    domains: list[DomainId] = Field(min_length=1, max_length=50, description="Service domain ids")
    term_start: StrictDate
    term_end: StrictDate | None = None
    max_load: int = Field(5, ge=1, le=50)
    appointed_at: int | None = id_field(None, description="An event of your zone")
    note: str = Field("", max_length=5000)

    @field_validator("expert", "appointed_at", "max_load", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)

    @field_validator("domains", mode="before")
    @classmethod
    def _domain_ids_are_numbers(cls, value):
        return domain_ids(value)


class AdvisorPatchIn(Schema):
    domains: list[DomainId] | None = Field(None, min_length=1, max_length=50)
    term_start: StrictDate | None = None
    term_end: StrictDate | None = None
    max_load: int | None = Field(None, ge=1, le=50)
    appointed_at: int | None = id_field(None)
    note: str | None = Field(None, max_length=5000)

    @field_validator("appointed_at", "max_load", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)

    @field_validator("domains", mode="before")
    @classmethod
    def _domain_ids_are_numbers(cls, value):
        return domain_ids(value)


class AdvisorAvailabilityIn(Schema):
    available: StrictBoolean
    unavailable_until: StrictDate | None = None
    reason: str = Field("", max_length=200, description="Needed when unavailable")


class ServiceDomainOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    parent: int | None
    order: int


class ServiceDomainIn(Schema):
    code: str = Field(min_length=1, max_length=40, pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=60, pattern=NOT_BLANK)
    name_en: str = Field("", max_length=80)
    parent: int | None = id_field(None, description="The broad domain, for a finer one")
    order: int = Field(0, ge=0, le=32767)

    @field_validator("parent", "order", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class ServiceReportPeriod(Schema):
    date_from: str = Field(
        "", pattern=AS_OF_PATTERN, description="YYYY-MM-DD (1900-2200); default 1 January"
    )
    date_to: str = Field("", pattern=AS_OF_PATTERN, description="YYYY-MM-DD; default today")


class ServiceReportYear(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Default: this year")


class ServiceReportAdvisorOut(Schema):
    advisor: int
    name: str
    open: int
    completed: int
    overdue: int
    response_days: str | None = Field(description="Mean calendar days, one place")
    rating: str | None = Field(description="Mean stars, two places")
    rating_count: int
    consultations: int
    seminars: int


class ServiceReportMonthOut(Schema):
    month: int = Field(ge=1, le=12)
    key: int | None = Field(description="The domain or park id; null for none")
    name: str
    created: int
    completed: int
    consultations: int
    attendance: int
