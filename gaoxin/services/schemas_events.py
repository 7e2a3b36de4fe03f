"""Request and response bodies of the consultations and seminars API."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from gaoxin.core.api import (
    ID_MAX,
    StrictDate,
    StrictDateTime,
    id_field,
    not_a_boolean,
    whole_number,
)

from .choices import SeatStatus, SeminarStatus, SlotStatus

TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class SlotFilters(Schema):
    advisor: int | None = Field(None, ge=1, le=ID_MAX, description="Advisor id")
    domain: int | None = Field(None, ge=1, le=ID_MAX, description="Service domain id")
    week: StrictDate | None = Field(None, description="Any day of the week wanted")
    status: SlotStatus | None = None


class SlotOut(Schema):
    id: int
    advisor: int
    advisor_name: str
    series: int | None
    domain: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str
    status: SlotStatus
    enterprise: int | None
    enterprise_name: str
    topic: str


class TopicIn(Schema):
    topic: str = Field(min_length=1, max_length=200, pattern=r"\S")


class ServiceEventReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=500, pattern=r"\S")


class OptionalReasonIn(Schema):
    reason: str = Field("", max_length=500)


class NotesIn(Schema):
    notes: str = Field("", max_length=5000)


class SeriesIn(Schema):
    advisor: int = id_field(description="Advisor id")
    domain: int | None = id_field(None, description="Service domain id")
    weekday: whole_number(0, 6) = Field(description="0 is Monday")  # type: ignore[valid-type]
    start_time: str = Field(pattern=TIME_PATTERN, description="HH:MM")
    minutes: whole_number(15, 480) = 60  # type: ignore[valid-type]
    location: str = Field(min_length=1, max_length=200, pattern=r"\S")
    first_date: StrictDate
    last_date: StrictDate

    @field_validator("advisor", "domain", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class SeriesOut(Schema):
    id: int
    advisor: int
    slots: int
    skipped: list[datetime.date] = Field(description="The holidays skipped")


class SpeakerIn(Schema):
    name: str = Field(min_length=1, max_length=60, pattern=r"\S")
    title: str = Field("", max_length=200)
    topic: str = Field("", max_length=200)
    advisor: int | None = id_field(None, description="Advisor id, when the speaker is one")

    @field_validator("advisor", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class SeminarIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    topic: str = Field(min_length=1, max_length=300, pattern=r"\S")
    domain: int | None = id_field(None, description="Service domain id")
    park: int | None = id_field(None, description="Park id")
    starts_at: StrictDateTime
    ends_at: StrictDateTime | None = None
    venue: str = Field(min_length=1, max_length=200, pattern=r"\S")
    capacity: whole_number(1, 100000)  # type: ignore[valid-type]
    registration_deadline: StrictDate | None = None
    description: str = Field("", max_length=5000)
    speakers: list[SpeakerIn] = Field(default_factory=list, max_length=30)

    @field_validator("domain", "park", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class SpeakerOut(Schema):
    name: str
    title: str
    topic: str
    advisor: int | None


class SeminarOut(Schema):
    id: int
    title: str
    topic: str
    domain: str
    park: int | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    venue: str
    capacity: int
    registration_deadline: datetime.date | None
    description: str
    status: SeminarStatus
    seats_taken: int
    seats_left: int
    waiting: int
    speakers: list[SpeakerOut]
    is_sample: bool


class SeminarFilters(Schema):
    when: Literal["upcoming", "past"] = "upcoming"


class SeatIn(Schema):
    name: str = Field(min_length=1, max_length=60, pattern=r"\S")
    phone: str = Field(min_length=1, max_length=20)
    organisation_name: str = Field("", max_length=200)


class SeatOut(Schema):
    id: int
    seminar: int
    name: str
    organisation_name: str
    phone: str = Field(description="Masked unless you manage the seminar")
    status: SeatStatus
    waiting_position: int | None
    promoted_at: datetime.datetime | None
    created_at: datetime.datetime
