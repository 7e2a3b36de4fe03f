"""API schemas of the parks and their spaces. Areas and money travel as decimal strings
("120.50"), never floats. Component names carry the app (``Park…``) to stay unique."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from gaoxin.core.api import StrictDate, id_field, not_a_boolean, optional_whole_number

# More than zero, at most 8 digits before the point and 2 after (DecimalField(10, 2)).
AREA_PATTERN = r"^(?:0*[1-9]\d{0,7}(?:\.\d{1,2})?|0+\.(?:0[1-9]|[1-9]\d?))$"
# Zero or more, the same size.
RENT_PATTERN = r"^\d{1,8}(?:\.\d{1,2})?$"
NOT_BLANK = r"\S"
SpaceUseValue = Literal["office", "lab", "production", "warehouse", "mixed"]
OccupancyValue = Literal["free", "reserved", "occupied"]
Floor = optional_whole_number(-32768, 32767)


class ParkPlatformOut(Schema):
    id: int
    name: str
    kind: str = Field(description="research, finance, logistics, public_service or other")
    kind_label: str
    offers: str
    contact_name: str
    contact_phone: str
    contact_email: str


class ParkOut(Schema):
    id: int
    name: str
    zone: int
    operator: int
    operator_name: str
    focus: str
    recognitions: list[str]
    description: str
    address: str
    contact_name: str
    contact_phone: str
    contact_email: str
    is_public: bool
    is_sample: bool
    enterprise_count: int
    space_count: int
    free_space_count: int
    free_area: str = Field(description="m², a decimal string")
    platforms: list[ParkPlatformOut]


class ParkSpaceOut(Schema):
    id: int
    park: int
    building: int
    building_name: str
    code: str
    floor: int | None
    area: str = Field(description="m², a decimal string", examples=["120.50"])
    use: str
    occupancy: str = Field(description="free, reserved or occupied")
    occupant: int | None = Field(description="The enterprise's id; null when free")
    occupant_name: str
    monthly_rent: str | None = Field(description="Yuan per m² and month; null: not stated")
    available_from: datetime.date | None
    note: str
    is_sample: bool


class ParkSpaceIn(Schema):
    building: int = id_field(description="A building of this park")
    code: str = Field(min_length=1, max_length=30, pattern=NOT_BLANK, description="Unit number")
    floor: Floor = None
    area: str = Field(pattern=AREA_PATTERN, max_length=12, description="m², more than zero")
    use: SpaceUseValue
    monthly_rent: str | None = Field(None, pattern=RENT_PATTERN, max_length=11)
    available_from: StrictDate | None = None
    note: str = Field("", max_length=300)

    @field_validator("building", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class ParkSpacePatch(Schema):
    """Only the fields sent change; `floor`, `monthly_rent` and `available_from` are cleared by
    null, the others cannot be null. Occupancy has its own operation."""

    code: str = Field(None, min_length=1, max_length=30, pattern=NOT_BLANK)
    floor: Floor = None
    area: str = Field(None, pattern=AREA_PATTERN, max_length=12)
    use: SpaceUseValue = None
    monthly_rent: str | None = Field(None, pattern=RENT_PATTERN, max_length=11)
    available_from: StrictDate | None = None
    note: str = Field(None, max_length=300)


class ParkOccupancyIn(Schema):
    occupancy: OccupancyValue
    occupant: int | None = id_field(
        None, description="The enterprise (of the park's zone); required unless free"
    )
    reason: str = Field(min_length=1, max_length=500, pattern=NOT_BLANK)
    available_from: StrictDate | None = None

    @field_validator("occupant", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)
