"""API schemas of the investment pipeline. Money travels as decimal strings in yuan
("1234.50"), never floats. Names are prefixed (Lead…, Signing…, Funnel…): the OpenAPI
components are shared by every app."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from gaoxin.core.api import ID_MAX, StrictDate, optional_whole_number

from .choices import LeadSource

# Zero or more, at most two decimal places and fourteen digits before the point.
MONEY_PATTERN = r"^\d{1,14}(?:\.\d{1,2})?$"
# More than zero.
POSITIVE_MONEY_PATTERN = r"^(?:0*[1-9]\d{0,13}(?:\.\d{1,2})?|0+\.(?:0[1-9]|[1-9]\d?))$"
NOT_BLANK = r"\S"
USCC_PATTERN = r"^[0-9A-Za-z]{0,18}$"

LeadSourceIn = Literal[tuple(LeadSource.values)]  # type: ignore[valid-type]
# sign and settle have their own operations (/signing, /settle).
MoveName = Literal["visit", "negotiate", "produce", "drop", "reopen"]
YEAR = optional_whole_number(2000, 2100)


def _money(description: str, *, positive: bool = False):
    return Field(
        None,
        pattern=POSITIVE_MONEY_PATTERN if positive else MONEY_PATTERN,
        max_length=17,
        description=description,
        examples=["5000000.00"],
    )


def _optional_id(description: str):
    return Field(None, ge=1, le=ID_MAX, description=description)


class LeadOut(Schema):
    id: int
    zone: int
    park: int | None
    park_name: str
    segment: int | None
    segment_name: str
    firm_name: str
    uscc: str
    contact_name: str
    contact_phone: str
    source: str
    source_detail: str
    owner: int
    owner_name: str
    expected_investment: str | None = Field(description="Yuan, a decimal string")
    expected_output: str | None = Field(description="Yearly output expected, yuan")
    production_year: int | None
    status: str
    next_follow_up: datetime.date | None
    note: str
    enterprise: int | None
    contact_on: datetime.date
    visit_on: datetime.date | None
    negotiation_on: datetime.date | None
    signed_on: datetime.date | None
    settled_on: datetime.date | None
    producing_on: datetime.date | None
    dropped_on: datetime.date | None
    is_sample: bool


class LeadPatchIn(Schema):
    """The lead's facts; leave a field out to keep it. Its status moves through /transitions."""

    firm_name: str | None = Field(None, min_length=1, max_length=200, pattern=NOT_BLANK)
    uscc: str | None = Field(None, max_length=18, pattern=USCC_PATTERN)
    park: int | None = _optional_id("One of your parks")
    segment: int | None = _optional_id("A chain segment of a cluster you see")
    contact_name: str | None = Field(None, max_length=60)
    contact_phone: str | None = Field(None, max_length=40)
    source: LeadSourceIn | None = None
    source_detail: str | None = Field(None, max_length=200)
    owner: int | None = _optional_id("Someone of your organisation")
    expected_investment: str | None = _money("Yuan, zero or more")
    expected_output: str | None = _money("Yearly output expected, yuan, zero or more")
    production_year: YEAR = None
    next_follow_up: StrictDate | None = None
    note: str | None = Field(None, max_length=2000)
    enterprise: int | None = _optional_id("The registry's enterprise the firm is, if any")


class LeadIn(LeadPatchIn):
    firm_name: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    source: LeadSourceIn
    contact_on: StrictDate | None = Field(None, description="First contact; today if left out")


class LeadTransitionIn(Schema):
    name: MoveName = Field(description="visit, negotiate, produce, drop or reopen")
    note: str = Field(min_length=1, max_length=500, pattern=NOT_BLANK)
    next_follow_up: StrictDate | None = None


class LeadSettleIn(Schema):
    uscc: str | None = Field(
        None,
        max_length=18,
        pattern=USCC_PATTERN,
        description="Needed when the lead has no enterprise: the new enterprise's credit code",
    )
    note: str = Field(min_length=1, max_length=500, pattern=NOT_BLANK)
    next_follow_up: StrictDate | None = None


class SigningIn(Schema):
    signed_on: StrictDate = Field(description="Not in the future")
    amount: str = Field(
        pattern=POSITIVE_MONEY_PATTERN, max_length=17, description="Agreed investment, yuan"
    )
    segment: int | None = _optional_id("Defaults to the lead's")
    park: int | None = _optional_id("Defaults to the lead's")
    event: int | None = _optional_id("An event of your zone")
    note: str = Field(min_length=1, max_length=300, pattern=NOT_BLANK)
    next_follow_up: StrictDate | None = None


class SigningOut(Schema):
    id: int
    lead: int
    firm_name: str
    signed_on: datetime.date
    amount: str
    segment: int | None
    segment_name: str
    park: int | None
    park_name: str
    event: int | None
    event_title: str
    has_agreement: bool
    agreement_sha256: str
    note: str
    is_sample: bool


class FunnelRowOut(Schema):
    status: str
    label: str
    reached: int = Field(description="Leads that entered this stage or a later one")
    current: int = Field(description="Leads in this stage now")
    conversion: str | None = Field(description="% of the previous stage's reached")
    median_days: str | None = Field(description="Median days from the previous stage")
