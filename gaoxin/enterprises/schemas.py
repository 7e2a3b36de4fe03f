"""API schemas of the registry. Types only: the services validate and normalise.

Money is yuan as a decimal string ("1234.50") both ways, never a binary float. Every object
carries `is_sample` (示例数据: generated for the demo, not a real record).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

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
MoneyIn = Annotated[
    Decimal | None,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "example": "1234.50"},
                {"type": "number"},
                {"type": "null"},
            ],
            "description": "Yuan, at most two decimal places; a string is recommended.",
        }
    ),
]
StageIn = Stage | Literal[""]


class EnterpriseFilters(Schema):
    """The list's filters: the same as the page's and the Excel export's."""

    q: str | None = Field(None, description="Part of the name, credit code or legal representative")
    park: int | None = Field(None, description="Park id")
    stage: StageIn | None = None
    qualification: QualificationKind | None = Field(None, description="Qualification kind held")
    industry: str | None = Field(None, description="Industry code prefix, e.g. C35")
    sample: bool | None = Field(None, description="true: sample data only; false: real only")
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


class YearlyFactIn(Schema):
    """One year's figures; a field left out or null is stored as unknown."""

    revenue: MoneyIn = None
    output_value: MoneyIn = None
    rnd_expense: MoneyIn = None
    employees: int | None = None
    tax_paid: MoneyIn = None
    patents_granted: int | None = None
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


class EnterpriseOut(Schema):
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

    @staticmethod
    def resolve_zone_name(obj) -> str:
        return obj.zone.name

    @staticmethod
    def resolve_park_name(obj) -> str | None:
        return obj.park.name if obj.park_id else None

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return str(obj.get_stage_display()) if obj.stage else ""


class EnterpriseDetailOut(EnterpriseOut):
    """Read from an enterprise carrying `.profile` (selectors.enterprise_profile)."""

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


class EnterpriseIn(Schema):
    name: str
    uscc: str = Field(description="Unified social credit code (18 characters)")
    legal_representative: str = ""
    address: str = ""
    region_code: str = Field("", description="Six digits; the zone's when left empty")
    industry_code: str = ""
    industry_name: str = ""
    park_id: int | None = Field(None, description="Required for park operators")
    stage: StageIn = ""
    founded_on: datetime.date | None = None

    def service_data(self) -> dict[str, Any]:
        data = self.model_dump(exclude_unset=False)
        data["park"] = data.pop("park_id")
        return data


class EnterprisePatch(Schema):
    """Only the fields sent are changed."""

    name: str | None = None
    uscc: str | None = None
    legal_representative: str | None = None
    address: str | None = None
    region_code: str | None = None
    industry_code: str | None = None
    industry_name: str | None = None
    park_id: int | None = None
    stage: StageIn | None = None
    founded_on: datetime.date | None = None
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
    reason: str = Field("", max_length=2000, description="Required when rejecting")


class BulkVerifyIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(min_length=1, max_length=200)
    reason: str = Field("", max_length=2000)


class BulkVerifyOut(Schema):
    verified: int
