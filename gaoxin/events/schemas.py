"""API schemas of events (prefixed ``Event…``, unique across the OpenAPI document)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema
from pydantic import StrictBool

from gaoxin.core.api import ID_MAX, StrictDate, optional_whole_number

from .choices import EventKind, OrganiserRole, RegistrationStatus

NOT_BLANK = r"\S"
OptionalId = optional_whole_number(1, ID_MAX)
OptionalCount = optional_whole_number(0, 2147483647)
OptionalPlaces = optional_whole_number(1, 2147483647)
# A phone number in China as people type it: digits, spaces, hyphens, an optional +86.
PHONE_PATTERN = r"^\+?[0-9][0-9 \-]{6,18}[0-9]$"


class EventOrganiserOut(Schema):
    role: OrganiserRole
    name: str
    organisation: int | None


class EventTalkOut(Schema):
    speaker: str
    speaker_title: str
    topic: str


class EventAdvisorOut(Schema):
    name: str
    organisation: str


class EventOut(Schema):
    id: int
    kind: EventKind
    title: str
    theme: str
    starts_on: datetime.date
    start_time: str | None = Field(description="HH:MM, or null")
    ends_on: datetime.date | None
    venue: str
    park: int | None
    park_name: str
    is_public: bool
    is_sample: bool
    registration_open: bool = Field(
        description="Takes registrations now (open, before the "
        "deadline, not yet held); `full` says whether places remain"
    )
    full: bool
    capacity: int | None
    registration_deadline: datetime.date | None


class EventDetailOut(EventOut):
    description: str
    outcomes: list[str]
    participants: int | None
    organisers: list[EventOrganiserOut]
    talks: list[EventTalkOut]
    advisors: list[EventAdvisorOut]
    signings: int = Field(description="How many agreements were signed at the event")


class EventIn(Schema):
    kind: EventKind
    title: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    theme: str = Field("", max_length=200)
    starts_on: StrictDate
    ends_on: StrictDate | None = None
    venue: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    park: OptionalId = Field(None, description="One of the zone's parks (an operator: its own)")
    description: str = Field("", max_length=10000)
    outcomes: str = Field("", max_length=10000, description="One per line")
    participants: OptionalCount = None
    is_public: StrictBool = True
    registration_open: StrictBool = Field(
        False, description="Only a public event takes registrations"
    )
    capacity: OptionalPlaces = None
    registration_deadline: StrictDate | None = Field(None, description="Not after the event")


class EventPatch(Schema):
    kind: EventKind | None = None
    title: str | None = Field(None, min_length=1, max_length=200, pattern=NOT_BLANK)
    theme: str | None = Field(None, max_length=200)
    starts_on: StrictDate | None = None
    ends_on: StrictDate | None = None
    venue: str | None = Field(None, min_length=1, max_length=200, pattern=NOT_BLANK)
    park: OptionalId = None
    description: str | None = Field(None, max_length=10000)
    outcomes: str | None = Field(None, max_length=10000)
    participants: OptionalCount = None
    is_public: StrictBool | None = None
    registration_open: StrictBool | None = None
    capacity: OptionalPlaces = None
    registration_deadline: StrictDate | None = None


class EventRegistrationIn(Schema):
    name: str = Field(min_length=1, max_length=60, pattern=NOT_BLANK)
    organisation_name: str = Field("", max_length=200)
    phone: str = Field(
        min_length=8, max_length=20, pattern=PHONE_PATTERN,
        description="A phone number in China, e.g. 13812341234 or 0371-67891234",
    )  # fmt: skip
    email: str = Field("", max_length=254, description="Optional; an e-mail address")


class EventRegistrationOut(Schema):
    id: int
    event: int
    name: str
    organisation_name: str
    phone: str = Field(description="In full for the event's managers, else masked (138****1234)")
    email: str
    status: RegistrationStatus
    created_at: datetime.datetime
