"""Schemas of the first-set API.

The calculation and the check take the rulebook's own JSON contract (docs/rulebook.md): the
operations read the raw body so that the rulebook alone validates it and names the field at
fault (``policies[1].end``). The ``*In`` schemas below only document that body in OpenAPI.
"""

from typing import Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from .choices import SupportMode
from .models import plain_decimal

# --- the catalog ---------------------------------------------------------------------------


class IndicatorOut(Schema):
    name: str
    unit: str
    direction: Literal[">=", "<="]
    threshold: str = Field(description="A decimal string, e.g. 0.1")

    @staticmethod
    def resolve_threshold(obj) -> str:
        return plain_decimal(obj.threshold)


class EditionOut(Schema):
    id: int
    name: str
    year: int
    issued_by: str
    doc_number: str
    is_current: bool


class CatalogEntryOut(Schema):
    id: int
    number: str
    equipment_name: str
    field: str = Field(description="The field (领域)")
    support_mode: Literal["units", "batches"]
    support_mode_label: str
    is_sample: bool = Field(description="A sample entry made up for the demo (示例)")
    edition_id: int

    @staticmethod
    def resolve_field(obj) -> str:
        return obj.field.name

    @staticmethod
    def resolve_support_mode_label(obj) -> str:
        return str(obj.get_support_mode_display())


class CatalogEntryDetailOut(CatalogEntryOut):
    description: str
    notes: str
    edition: EditionOut
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj) -> list[Any]:
        return list(obj.indicators.all())


class CatalogFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Words of the equipment name")
    field: int | None = Field(None, description="A field's id")
    support_mode: SupportMode | None = None
    edition: int | None = Field(None, description="An edition's id; the current one if absent")

    def as_selector_filters(self) -> dict[str, Any]:
        return {key: value for key, value in self.model_dump().items() if value is not None}


# --- the calculation contract (documentation only) -----------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QualificationIn(_Strict):
    cap: str = Field(examples=["2160000"], description="Yuan, a decimal string")
    valid_from: str = Field(examples=["2025-01-01"])
    valid_to: str = Field(examples=["2027-12-31"])
    granted_before: str | None = Field("0", examples=["0"])


class PolicyIn(_Strict):
    id: str | int = Field(examples=["p1"])
    equipment: str = Field(examples=["robot-1"], description="Policies of one unit chain up")
    start: str = Field(examples=["2025-03-01"])
    end: str = Field(examples=["2026-02-28"])
    sum_insured: str = Field(examples=["28000000"])
    premium: str = Field(examples=["560000"])


class CalcCaseIn(_Strict):
    """A case: CN without a qualification is the 2015–2023 scheme, with one the 2024 scheme;
    ZJ (a provincial set) needs a tier."""

    jurisdiction: str = Field(examples=["CN"], description="CN, or a provincial set such as ZJ")
    tier: Literal["international", "national", "provincial"] | None = None
    qualification: QualificationIn | None = None
    policies: list[PolicyIn]


class IndicatorIn(_Strict):
    name: str = Field(examples=["额定负载"])
    unit: str = Field(examples=["kg"])
    direction: Literal[">=", "<=", "≥", "≤"]
    threshold: str = Field(examples=["500"])


class CheckIn(_Strict):
    indicators: list[IndicatorIn]
    declared: dict[str, str | None] = Field(examples=[{"额定负载": "520"}])


class TraceParameterOut(Schema):
    name: str
    table_id: str | None
    value: Any
    effective: str
    reference: dict[str, str | None]
    confidence: Literal["V", "S", "I"]
    description_zh: str
    label_en: str
    note: str | None


class TraceStepOut(Schema):
    step: str
    zh: str
    en: str
    parameters: list[TraceParameterOut]
    amounts: dict[str, Any]
    interpretive: bool
    reason: str | None = Field(None, description="Present when the step decides a zero or a limit")


class PolicyResultOut(Schema):
    id: str | int
    eligible: str
    year: int | None
    subsidy: str
    reason: str
    trace: list[TraceStepOut]


class CalcOut(Schema):
    regime: str = Field(examples=["cn_2024"])
    policies: list[PolicyResultOut]
    total: str
    cap_remaining: str | None = Field(None, description="Present for cn_2024 only")
    parameters_version: str


class CheckRowOut(Schema):
    name: str
    unit: str
    direction: Literal[">=", "<="]
    value: str | None
    threshold: str
    met: bool
    margin: str | None


class CheckOut(Schema):
    covered: bool
    indicators: list[CheckRowOut]


class ErrorFieldOut(Schema):
    field: str
    message: str


class ErrorDetailOut(Schema):
    code: str
    message: str
    fields: list[ErrorFieldOut]


class ErrorOut(Schema):
    error: ErrorDetailOut


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with its ``$defs`` inlined, to embed in an OpenAPI body."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)
