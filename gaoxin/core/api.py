"""What the API routers of every app share: pagination, the ranges of integer inputs, the one
error body and the error answers every operation documents in OpenAPI."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.params.models import Path as PathParam
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

PAGE_SIZE = 25
MAX_PAGE_SIZE = 200

# Integer inputs are bounded by the database column they are compared with: ids are 64-bit
# (BigAutoField), other integers 32-bit. A number beyond its range is a 422 naming the parameter,
# never a database overflow (a 500).
ID_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1
# `page` times `page_size` must stay within a 64-bit offset: 2**31 - 1 pages of 200 rows do.
PAGE_MAX = INT32_MAX
# The first year the registry knows (the founding of the People's Republic).
FIRST_YEAR = 1949
# A schema marker: the JSON schema's `maximum` is this year (filled in when the document is
# generated, see `document_errors`), as the services refuse a year that has not begun.
CURRENT_YEAR_MAX = "x-maximum-current-year"


def not_a_boolean(value: Any) -> Any:
    """For a ``field_validator(..., mode="before")`` of an id in a request body: pydantic
    would take true as 1; an id is a number (12 or 12.0), never true/false."""
    if isinstance(value, bool):
        raise ValueError("Input should be a valid integer")
    return value


def id_field(default: Any = ..., description: str = "", **kwargs) -> Any:
    """A 64-bit object id (>= 1)."""
    return Field(default, ge=1, le=ID_MAX, description=description, **kwargs)


class _PathParam(PathParam):
    """A path parameter; `current_year_max` makes the document's maximum this year
    (`CURRENT_YEAR_MAX`). One class for every path parameter, so ninja reads them together."""

    def __init__(self, *, current_year_max: bool = False, **kwargs):
        super().__init__(..., **kwargs)
        if current_year_max:
            self.json_schema_extra = {**(self.json_schema_extra or {}), CURRENT_YEAR_MAX: True}

    @classmethod
    def _param_source(cls) -> str:
        return "path"


# A path's object id, and a path's year (from 1949 to this year, as the services check).
IdPath = Annotated[int, _PathParam(ge=1, le=ID_MAX)]
YearPath = Annotated[
    int, _PathParam(ge=FIRST_YEAR, current_year_max=True, description="From 1949 to this year")
]


# A date as the services read it (`policies.whatif.parse_as_of`): YYYY-MM-DD, a real calendar
# day of 1900-2200; empty means today. The pattern states exactly that for the document.
_LEAP = (
    r"(19(0[48]|[2468][048]|[13579][26])|20([02468][048]|[13579][26])"
    r"|21(0[48]|[2468][048]|[13579][26]))"
)
AS_OF_PATTERN = (
    r"^((19[0-9]{2}|2[01][0-9]{2}|2200)-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    r"|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))|" + _LEAP + r"-02-29)?$"
)


def as_of_field() -> Any:
    """The `as_of` query parameter: the services check it (422 `invalid_as_of`); the pattern is
    for the document only, so the error keeps its code."""
    return Field(
        "",
        description="YYYY-MM-DD (1900-2200); empty or absent: today",
        json_schema_extra={"pattern": AS_OF_PATTERN},
    )


def _check_non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# Text that must hold something other than white space (a reason the other side reads).
# The pattern is added to the field's schema (not replacing it), so that a max_length given with
# Field() is stated in the OpenAPI document too.
NonBlankText = Annotated[
    str, AfterValidator(_check_non_blank), Field(json_schema_extra={"pattern": r"\S"})
]


def whole_number_or_error(value: Any) -> Any:
    """`value` as an int when it is a JSON whole number; ValueError otherwise."""
    return _whole_number(value)


def _whole_number(value: Any) -> Any:
    """A JSON integer as JSON Schema counts them (52 and 52.0), never `true` or "52"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Input should be a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("Input should be a whole number")
        return int(value)
    return value


def _numeric_text(value: str) -> bool:
    text = value.strip().lstrip("+-")
    return bool(text) and text.replace(".", "", 1).isdigit()


def _date_text(value: Any) -> Any:
    """A date as JSON carries it, "YYYY-MM-DD"; not a number, nor a number written as text
    (pydantic reads either as seconds since 1970)."""
    if not isinstance(value, str | datetime.date) or (
        isinstance(value, str) and _numeric_text(value)
    ):
        raise ValueError("Input should be a date as YYYY-MM-DD")
    return value


def _datetime_text(value: Any) -> Any:
    """A date and time as JSON carries it (ISO 8601); not a number of seconds."""
    if not isinstance(value, str | datetime.datetime) or (
        isinstance(value, str) and _numeric_text(value)
    ):
        raise ValueError("Input should be a date and time as YYYY-MM-DDTHH:MM")
    return value


# Body fields read exactly as the document types them: a JSON integer (not `true` or "5"), a
# date as "YYYY-MM-DD" (not a number of seconds).
StrictInt = Annotated[int, BeforeValidator(_whole_number)]


def optional_whole_number(ge: int, le: int) -> Any:
    """`whole_number` or null."""

    def check(value: Any) -> Any:
        if value is None:
            return None
        number = _whole_number(value)
        if not ge <= number <= le:
            raise ValueError(f"Input should be from {ge} to {le}")
        return number

    return Annotated[
        int | None,
        BeforeValidator(check),
        WithJsonSchema(
            {"anyOf": [{"type": "integer", "minimum": ge, "maximum": le}, {"type": "null"}]}
        ),
    ]


def whole_number(ge: int, le: int) -> Any:
    """A StrictInt from `ge` to `le`; the range is written into the document explicitly, as
    pydantic leaves it out of a schema wrapped by a validator."""
    return Annotated[
        int,
        BeforeValidator(_whole_number),
        Field(ge=ge, le=le),
        WithJsonSchema({"type": "integer", "minimum": ge, "maximum": le}),
    ]


StrictDate = Annotated[datetime.date, BeforeValidator(_date_text)]
StrictDateTime = Annotated[datetime.datetime, BeforeValidator(_datetime_text)]


def _boolean(value: Any) -> Any:
    """JSON true or false; not 0/1 nor "yes" (pydantic would read those as booleans)."""
    if not isinstance(value, bool):
        raise ValueError("Input should be true or false")
    return value


StrictBoolean = Annotated[bool, BeforeValidator(_boolean)]


class ApiPagination(PageNumberPagination):
    """`page` (from 1) and `page_size` (25 unless given, at most 200)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


# --- the one error body ----------------------------------------------------------------------


class ErrorFieldOut(Schema):
    field: str = Field(description="The input at fault (`uscc`, `facts.rnd_expense`); may be ''")
    message: str


class ErrorDetailOut(Schema):
    code: str = Field(description="Stable for programs: validation, not_found, forbidden, ...")
    message: str = Field(description="For people, in the language asked for")
    fields: list[ErrorFieldOut]


class ErrorOut(Schema):
    """Every error answer of the API: `{"error": {"code", "message", "fields"}}`."""

    error: ErrorDetailOut


ERROR_DESCRIPTIONS = {
    "400": "Refused by a rule of the domain, or a body that is not JSON (`fields` names the input)",
    "401": "No session and no valid personal API token (`unauthenticated`)",
    "403": "Your role may not do this (`forbidden`, `password_change_required`)",
    "404": "Unknown, or outside your organisation's scope (`not_found`)",
    "409": "Conflicts with the current state: a workflow step not allowed now, or a duplicate",
    "422": "Invalid input: `fields` names each parameter or field and what to fix",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to every operation of the OpenAPI document ``schema``, each with the
    one error body: 400, 404, 409 and 422 everywhere; 401 and 403 where a login is needed (the
    operation has a `security` requirement). Also
    fills in the markers of the schemas (`CURRENT_YEAR_MAX`)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.json_schema()
    for name, definition in error_schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault("ErrorOut", _refs_to_components(error_schema))
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "404", "409", "422"]
            if operation.get("security"):
                codes += ["401", "403"]
            # ninja keys the responses it documents by int (401), ours are str ("401"): one
            # key each, or the JSON document would hold the same key twice.
            responses = {str(code): answer for code, answer in operation["responses"].items()}
            operation["responses"] = responses
            for code in sorted(codes):
                answer = responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
                answer.setdefault("description", ERROR_DESCRIPTIONS[code])
                answer["content"] = {"application/json": {"schema": error_ref}}
    _fill_current_year(schema)
    _no_null_in_query(schema)
    return schema


def _no_null_in_query(schema: dict[str, Any]) -> None:
    """A query string cannot carry a JSON null: an optional query parameter is one left out.
    Drop `null` from the query parameters' schemas so the document says what can be sent."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") != "query":
                    continue
                param_schema = parameter.get("schema", {})
                options = param_schema.get("anyOf")
                if options:
                    options = [o for o in options if o.get("type") != "null"]
                    if len(options) == 1:
                        param_schema.pop("anyOf")
                        param_schema.update(options[0])
                    else:
                        param_schema["anyOf"] = options


def _refs_to_components(node: Any) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return {"$ref": "#/components/schemas/" + ref.removeprefix("#/$defs/")}
        return {key: _refs_to_components(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_refs_to_components(item) for item in node]
    return node


def _fill_current_year(node: Any) -> None:
    if isinstance(node, dict):
        if node.pop(CURRENT_YEAR_MAX, None):
            node["maximum"] = timezone.localdate().year
        for value in node.values():
            _fill_current_year(value)
    elif isinstance(node, list):
        for item in node:
            _fill_current_year(item)
