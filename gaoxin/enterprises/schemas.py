"""API schemas of the registry. Types only: the services validate and normalise.

Money is yuan as a decimal string ("1234.50") both ways, never a binary float. Every object
carries `is_sample` (示例数据: generated for the demo, not a real record).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, WithJsonSchema, model_validator

from gaoxin.core.api import (
    ID_MAX,
    INT32_MAX,
    NonBlankText,
    StrictDate,
    id_field,
    optional_whole_number,
    whole_number,
)

from .choices import QualificationKind, Stage


def _decimal_string(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


MoneyOut = Annotated[
    str | None,
    BeforeValidator(_decimal_string),
    WithJsonSchema(
        {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d{1,2})?$", "example": "1234.50"}
    ),
]
# Below 10^13 yuan: a larger amount cannot round-trip through SQLite, which keeps decimals as
# binary floats (15 significant digits); no enterprise's figure comes near it.
MONEY_IN_LIMIT = Decimal(10) ** 13


def _money_in_range(value: Decimal | None) -> Decimal | None:
    if value is not None and value >= MONEY_IN_LIMIT:  # a negative one: the service says so
        raise ValueError("Enter an amount below 10^13 yuan")
    return value


MoneyIn = Annotated[
    Decimal | None,
    AfterValidator(_money_in_range),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^\d{1,13}(\.\d{1,2})?$",
                    "example": "1234.50",
                },
                {"type": "number", "minimum": 0, "exclusiveMaximum": 1e13},
                {"type": "null"},
            ],
            "description": (
                "Yuan, not negative, below 10^13 (13 digits before the point); a string is "
                "recommended (a number is rounded to fen)."
            ),
        }
    ),
]
StageIn = Stage | Literal[""]


class EnterpriseFilters(Schema):
    """The list's filters: the same as the page's and the Excel export's."""

    q: str | None = Field(None, description="Part of the name, credit code or legal representative")
    park: int | None = id_field(None, description="Park id")
    stage: StageIn | None = None
    qualification: QualificationKind | None = Field(None, description="Qualification kind held")
    industry: str | None = Field(None, description="Industry code prefix, e.g. C35")
    sample: bool | None = Field(None, description="true: sample data only; false: real only")
    segment: int | None = id_field(None, description="Chain segment id: the enterprises in it")
    cluster: int | None = id_field(
        None, description="Industrial cluster id: the enterprises in any of its segments"
    )
    sort: str | None = Field(
        None, description="name, uscc, park, stage, founded, updated; prefix - for descending"
    )

    def as_selector_filters(self) -> dict[str, str]:
        filters = {k: str(v) for k, v in self.model_dump(exclude_none=True).items()}
        if self.sample is not None:
            filters["sample"] = "1" if self.sample else "0"
        return filters


class YearlyFactOut(Schema):
    year: int
    revenue: MoneyOut
    output_value: MoneyOut
    rnd_expense: MoneyOut
    rnd_ratio: MoneyOut = Field(None, description="R&D expense as a percentage of revenue")
    employees: int | None
    tax_paid: MoneyOut
    patents_granted: int | None
    export_value: MoneyOut
    is_sample: bool

    @staticmethod
    def resolve_is_sample(obj) -> bool:
        return obj.enterprise.is_sample


def _at_least_one_figure(schema: dict[str, Any]) -> None:
    """The service refuses a year with no figure at all: at least one is present, not null."""
    schema["anyOf"] = [
        {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
        for name in schema["properties"]
    ]


class YearlyFactIn(Schema):
    """One year's figures, at least one given; a field left out or null is stored as unknown."""

    model_config = {"json_schema_extra": _at_least_one_figure}

    revenue: MoneyIn = None
    output_value: MoneyIn = None
    rnd_expense: MoneyIn = None
    employees: optional_whole_number(0, INT32_MAX) = None
    tax_paid: MoneyIn = None
    patents_granted: optional_whole_number(0, INT32_MAX) = None
    export_value: MoneyIn = None


class QualificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    certificate_no: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    is_sample: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_is_sample(obj) -> bool:
        return obj.enterprise.is_sample


class ContactOut(Schema):
    id: int
    name: str
    title: str
    phone: str = Field(description="Masked (138****1234) unless you are the enterprise itself")
    phone_masked: bool
    email: str
    is_primary: bool
    is_sample: bool

    @staticmethod
    def resolve_phone(obj) -> str:
        return obj.shown_phone

    @staticmethod
    def resolve_is_sample(obj) -> bool:
        return obj.enterprise.is_sample


# A plain pydantic model, validated from a row of values (api.list_enterprises) rather than from
# a model instance through ninja's getter: a page of 200 then costs no model instances and no
# attribute resolution in Python.
class EnterpriseOut(BaseModel):
    """An enterprise; `stage_label` is its stage in the language asked for."""

    id: int
    name: str
    uscc: str
    legal_representative: str
    address: str
    region_code: str
    industry_code: str
    industry_name: str
    zone_id: int
    zone_name: str
    park_id: int | None
    park_name: str | None
    stage: str
    stage_label: str
    founded_on: datetime.date | None
    is_sample: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @model_validator(mode="before")
    @classmethod
    def _label_the_stage(cls, data: Any) -> Any:
        if isinstance(data, dict) and "stage_label" not in data:
            stage = data.get("stage")
            # a value outside the choices (an old row, a manual fix) is shown as it is
            label = Stage(stage).label if stage in Stage.values else stage or ""
            return {**data, "stage_label": str(label)}
        return data


# The columns of a list row, as `EnterpriseOut` reads them from `QuerySet.values()`.
ENTERPRISE_ROW_FIELDS = tuple(
    name
    for name in EnterpriseOut.model_fields
    if name not in ("zone_name", "park_name", "stage_label")
)
ENTERPRISE_ROW_EXPRESSIONS = {"zone_name": "zone__name", "park_name": "park__name"}


class EnterpriseDetailOut(Schema, EnterpriseOut):
    """Read from an enterprise carrying `.profile` (selectors.enterprise_profile)."""

    @staticmethod
    def resolve_zone_name(obj) -> str:
        return obj.zone.name

    @staticmethod
    def resolve_park_name(obj) -> str | None:
        return obj.park.name if obj.park_id else None

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return str(obj.get_stage_display()) if obj.stage else ""

    latest_facts: YearlyFactOut | None = Field(None, description="The most recent year")
    yearly_facts: list[YearlyFactOut] = Field(description="Every year, newest first")
    qualifications: list[QualificationOut]
    contacts: list[ContactOut]

    @staticmethod
    def resolve_latest_facts(obj):
        return obj.profile.latest_fact

    @staticmethod
    def resolve_yearly_facts(obj):
        return obj.profile.facts

    @staticmethod
    def resolve_qualifications(obj):
        return obj.profile.qualifications

    @staticmethod
    def resolve_contacts(obj):
        return obj.profile.contacts


# What the registry accepts (models.Enterprise and its validators), for the document. The
# services trim text and upper-case codes first; the credit code's check digit (GB 32100-2015)
# is beyond a JSON schema and is checked by the server (422 naming `uscc`).
USCC_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
REGION_CODE_PATTERN = r"^([0-9]{6})?$"
INDUSTRY_CODE_PATTERN = r"^([A-T]([0-9]{2,4})?)?$"


def _doc(pattern: str) -> dict[str, Any]:
    return {"pattern": pattern}


class EnterpriseIn(Schema):
    name: NonBlankText = Field(max_length=200)
    uscc: str = Field(
        description="Unified social credit code (18 characters, with its check digit)",
        json_schema_extra=_doc(USCC_PATTERN),
    )
    legal_representative: str = Field("", max_length=60)
    address: str = Field("", max_length=200)
    region_code: str = Field(
        "",
        description="Six digits; the zone's when left empty",
        json_schema_extra=_doc(REGION_CODE_PATTERN),
    )
    industry_code: str = Field(
        "", description="GB/T 4754, e.g. C3581", json_schema_extra=_doc(INDUSTRY_CODE_PATTERN)
    )
    industry_name: str = Field("", max_length=100)
    park_id: optional_whole_number(1, ID_MAX) = Field(
        None, description="Required for park operators"
    )
    stage: StageIn = ""
    founded_on: StrictDate | None = None

    def service_data(self) -> dict[str, Any]:
        data = self.model_dump(exclude_unset=False)
        data["park"] = data.pop("park_id")
        return data


class EnterprisePatch(Schema):
    """Only the fields sent are changed."""

    name: NonBlankText | None = Field(None, max_length=200)
    uscc: str | None = Field(None, json_schema_extra=_doc(USCC_PATTERN))
    legal_representative: str | None = Field(None, max_length=60)
    address: str | None = Field(None, max_length=200)
    region_code: str | None = Field(None, json_schema_extra=_doc(REGION_CODE_PATTERN))
    industry_code: str | None = Field(None, json_schema_extra=_doc(INDUSTRY_CODE_PATTERN))
    industry_name: str | None = Field(None, max_length=100)
    park_id: optional_whole_number(1, ID_MAX) = None
    stage: StageIn | None = None
    founded_on: StrictDate | None = None
    reason: str = Field("", description="Why; kept in the history")

    def service_data(self) -> dict[str, Any]:
        data = self.model_dump(exclude_unset=True)
        data.pop("reason", None)
        if "park_id" in data:
            data["park"] = data.pop("park_id")
        return data


class FactRecordOut(Schema):
    """A fact's provenance record: a declaration awaiting verification, or a verified, rejected
    or replaced one. `values` and `previous` hold the fields as text (money in yuan)."""

    id: int
    enterprise_id: int
    enterprise_name: str
    subject: str
    year: int | None
    qualification_id: int | None
    values: dict[str, Any]
    previous: dict[str, Any]
    source: str
    source_label: str
    department: str
    evidence: str
    attachment_id: int | None
    status: str
    status_label: str
    declared_at: datetime.datetime = Field(alias="created_at")
    decided_at: datetime.datetime | None
    reason: str

    @staticmethod
    def resolve_enterprise_name(obj) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_source_label(obj) -> str:
        return str(obj.get_source_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class DecisionIn(Schema):
    reason: str = Field("", max_length=2000, description="Kept with the verification")


class RejectIn(Schema):
    reason: NonBlankText = Field(max_length=2000, description="Why: the enterprise reads it")


class BulkVerifyIn(Schema):
    ids: list[whole_number(1, INT32_MAX)] = Field(min_length=1, max_length=200)
    reason: str = Field("", max_length=2000)


class BulkVerifyOut(Schema):
    verified: int
