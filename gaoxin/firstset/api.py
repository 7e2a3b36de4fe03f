"""The first-set API, mounted at /api/firstset. Everything here is public (``auth=None``):

- ``POST /calc``: the calculation contract of docs/rulebook.md (no database);
- ``POST /check``: the core-indicator check (no database);
- ``GET /catalog`` and ``GET /catalog/{id}``: the Guidance Catalog, which is public.

A malformed case or check is 422 in the project's error body, naming the field the rulebook
names (``policies[1].end``); a body that is not JSON is 400.
"""

import json
from decimal import Decimal
from typing import Any

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from gaoxin.core.api import ApiPagination, IdPath
from gaoxin.core.errors import DomainError
from rulebook.engine.errors import CaseError
from rulebook.firstset.calc import calculate
from rulebook.firstset.indicators import check

from . import selectors
from .display import localized
from .models import CatalogEntry
from .schemas import (
    CalcCaseIn,
    CalcOut,
    CatalogEntryDetailOut,
    CatalogEntryOut,
    CatalogFilters,
    CheckIn,
    CheckOut,
    ErrorOut,
    inline_schema,
)

router = Router(tags=["firstset"])


class InvalidCaseError(DomainError):
    """The rulebook refused the input; ``field`` is its path in the body."""

    status = 422

    def __init__(self, error: CaseError):
        super().__init__(
            localized(error.message_zh, error.message_en), code="invalid_case", field=error.field
        )


def _body(request) -> Any:
    """The JSON body; numbers with a fraction are read as Decimal (as the command line does)."""
    try:
        return json.loads(request.body or b"", parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DomainError(
            _("The request body is not valid JSON."), code="invalid_json", field=""
        ) from exc


def _json_body(model) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline_schema(model)}},
        }
    }


@router.post(
    "/calc",
    auth=None,
    response={200: CalcOut, 400: ErrorOut, 422: ErrorOut},
    summary="Calculate first-set insurance subsidies",
    description=(
        "The calculation contract of the rulebook (docs/rulebook.md): each policy's subsidy "
        "with its trace, the total and, for the 2024 scheme, the cap left. A pure calculation: "
        "nothing is read from or written to the database. Money as decimal strings, dates ISO. "
        "A malformed case is 422 naming the field (e.g. `policies[1].end`)."
    ),
    openapi_extra=_json_body(CalcCaseIn),
)
def calc(request):
    return _rulebook_answer(calculate, request)


@router.post(
    "/check",
    auth=None,
    response={200: CheckOut, 400: ErrorOut, 422: ErrorOut},
    summary="Check a model against core indicators",
    description=(
        "Covered when every indicator is met or beaten; meeting a threshold exactly is met; "
        "a missing value is not met. No database."
    ),
    openapi_extra=_json_body(CheckIn),
)
def check_indicators(request):
    return _rulebook_answer(check, request)


def _rulebook_answer(function, request) -> JsonResponse:
    """`function` of the rulebook applied to the JSON body; a case it refuses is a 422."""
    try:
        result = function(_body(request))
    except CaseError as exc:
        raise InvalidCaseError(exc) from exc
    return JsonResponse(result, json_dumps_params={"ensure_ascii": False})


@router.get(
    "/catalog",
    auth=None,
    response=list[CatalogEntryOut],
    summary="List catalog entries",
    description="Entries of the current edition (or `edition`), filtered; public.",
)
@paginate(ApiPagination)
def list_catalog(request, filters: Query[CatalogFilters]):
    return selectors.catalog_entry_list(filters=filters.as_selector_filters())


@router.get(
    "/catalog/{int:entry_id}",
    auth=None,
    response={200: CatalogEntryDetailOut, 404: ErrorOut},
    summary="One catalog entry with its core indicators",
)
def get_catalog_entry(request, entry_id: IdPath):
    try:
        return selectors.catalog_entry_get(entry_id)
    except CatalogEntry.DoesNotExist as exc:
        raise Http404 from exc


# the program's operations, each part in its own module
def _mount_program_routers() -> None:
    from . import (
        api_certificates,
        api_insurance,
        api_proposals,
        api_qualifications,
        api_supervision,
    )

    for module in (
        api_qualifications,
        api_insurance,
        api_supervision,
        api_certificates,
        api_proposals,
    ):
        router.add_router("", module.router)


_mount_program_routers()
