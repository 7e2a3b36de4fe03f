"""Schemas of the first-set API.

The calculation and the check take the rulebook's own JSON contract (docs/rulebook.md): the
operations read the raw body so that the rulebook alone validates it and names the field at
fault (``policies[1].end``). The ``*In`` schemas below only document that body in OpenAPI.
"""

from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, WithJsonSchema

from gaoxin.core.api import ErrorOut, id_field  # noqa: F401 - ErrorOut: the one error body, for api.py

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
    field: int | None = id_field(None, description="A field's id")
    support_mode: SupportMode | None = None
    edition: int | None = id_field(None, description="An edition's id; the current one if absent")

    def as_selector_filters(self) -> dict[str, Any]:
        return {key: value for key, value in self.model_dump().items() if value is not None}


# --- the calculation contract (documentation only) -----------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Money as the rulebook reads it (rulebook.engine.inputs.parse_money): yuan, not negative, at
# most two decimal places (fen); a decimal string (recommended) or a JSON number (read exactly).
MONEY_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{1,15}(\.\d{1,2})?$", "example": "560000"},
        {"type": "integer", "minimum": 0},
        {"type": "number", "minimum": 0, "multipleOf": 0.01},
    ],
    "description": "Yuan, a decimal string (recommended) or a number; at most two decimals",
}
Money = Annotated[str | int | float, WithJsonSchema(MONEY_SCHEMA)]
# A date YYYY-MM-DD; the rulebook refuses an impossible day (2025-02-30).
DATE_SCHEMA = {"type": "string", "format": "date", "example": "2025-03-01"}
Date = Annotated[str, WithJsonSchema(DATE_SCHEMA)]
# Text that is not empty once trimmed.
Text = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"\S"})]


class QualificationIn(_Strict):
    cap: Money = Field(examples=["2160000"])
    valid_from: Date = Field(examples=["2025-01-01"])
    valid_to: Date = Field(examples=["2027-12-31"], description="Not before valid_from")
    granted_before: Money | None = Field(
        "0", examples=["0"], description="Subsidy already granted; not above the cap"
    )


class PolicyIn(_Strict):
    id: Annotated[
        str | int,
        WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "integer"}]}),
    ] = Field(examples=["p1"], description="Unique in the case")
    equipment: Text = Field(examples=["robot-1"], description="Policies of one unit chain up")
    start: Date = Field(examples=["2025-03-01"])
    end: Date = Field(
        examples=["2026-02-28"],
        description="Not before start; policies of one unit may not overlap",
    )
    sum_insured: Money = Field(examples=["28000000"])
    premium: Money = Field(examples=["560000"])


def _case_rules(schema: dict[str, Any]) -> None:
    """What the rulebook requires of jurisdiction, tier and qualification together
    (rulebook.firstset.case.parse_case), from the shipped parameter sets: the national set
    takes no tier and may have a qualification; a provincial set needs one of its tiers and
    takes no qualification."""
    from rulebook.firstset.calc import NATIONAL, _tiers, parameter_sets

    tiers = _tiers(parameter_sets(None))
    schema["properties"]["jurisdiction"]["enum"] = sorted(tiers)
    schema["anyOf"] = [
        (
            {"properties": {"jurisdiction": {"const": code}, "tier": {"type": "null"}}}
            if code == NATIONAL
            else {
                "properties": {
                    "jurisdiction": {"const": code},
                    "tier": {"enum": list(names)},
                    "qualification": {"type": "null"},
                },
                "required": ["tier"],
            }
        )
        for code, names in sorted(tiers.items())
    ]


class CalcCaseIn(_Strict):
    """A case: CN without a qualification is the 2015–2023 scheme, with one the 2024 scheme;
    ZJ (a provincial set) needs a tier, CN takes none; a qualification is for CN only."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_case_rules)

    jurisdiction: str = Field(examples=["CN"], description="CN, or a provincial set: ZJ")
    tier: Literal["international", "national", "provincial"] | None = Field(
        None, description="Required for ZJ; absent or null for CN"
    )
    qualification: QualificationIn | None = None
    policies: list[PolicyIn] = Field(min_length=1)


DECIMAL_SCHEMA = {
    "anyOf": [{"type": "string", "pattern": r"^-?\d{1,15}(\.\d{1,10})?$"}, {"type": "number"}],
    "description": "A decimal string (recommended) or a number",
}


class IndicatorIn(_Strict):
    name: Text = Field(examples=["额定负载"], description="Unique in the check")
    unit: str = Field(examples=["kg"])
    direction: Literal[">=", "<=", "≥", "≤"]
    threshold: Annotated[str | int | float, WithJsonSchema(DECIMAL_SCHEMA)] = Field(
        examples=["500"]
    )


class CheckIn(_Strict):
    indicators: list[IndicatorIn] = Field(min_length=1)
    declared: dict[str, str | int | float | None] = Field(
        examples=[{"额定负载": "520"}],
        description="Values by indicator name, decimal strings or numbers; null: not declared",
        json_schema_extra={"additionalProperties": {}},
    )


class TraceParameterOut(Schema):
    name: str
    table_id: str | None
    value: Any
    effective: str
    reference: dict[str, str | None]
    confidence: Literal["V", "S", "I"]
    description_zh: str
    label_en: str
    note_en: str | None
    note_zh: str | None


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
