"""The catalog revision proposals API (目录修订建议), mounted by api.py under /api/firstset:

- ``GET /proposals``: the proposals the caller may read (an enterprise user its enterprise's,
  a zone official the zone's enterprises', a provincial reviewer the province's), filtered by
  status and kind;
- ``POST /proposals``: an enterprise user proposes a new entry or a changed indicator of the
  current edition (one indicator per proposal);
- ``GET /proposals/{id}``: one of them (404 outside the caller's reach).

The same rules and services as the pages (``rules.py``, ``services_proposals.py``).
"""

from datetime import datetime
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import field_validator

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath, id_field, not_a_boolean
from gaoxin.core.errors import DomainError, PermissionDeniedError

from . import rules
from .choices import Direction, ProposalKind, ProposalStatus
from .models import CatalogEntry, CatalogProposal
from .services_proposals import (
    MIN_JUSTIFICATION,
    current_indicator,
    proposal_create,
    proposal_list,
    proposals_for,
)

router = Router(tags=["firstset"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}

# A threshold as the model stores it: up to 14 digits before the point and 6 after.
THRESHOLD_PATTERN = r"^-?[0-9]{1,14}(\.[0-9]{1,6})?$"
# At least MIN_JUSTIFICATION characters from the first to the last that is not white space.
JUSTIFICATION_PATTERN = r"^\s*\S[\s\S]{" + str(MIN_JUSTIFICATION - 2) + r",}\S\s*$"


class FirstsetProposalFilters(Schema):
    status: ProposalStatus | None = None
    kind: ProposalKind | None = None


class FirstsetProposalIn(Schema):
    kind: ProposalKind
    entry: int | None = id_field(
        None, description="Changed indicator: an entry of the current catalog edition"
    )
    field_name: str = Field("", max_length=100, description="New entry: the field (领域)")
    equipment_name: str = Field("", max_length=200, description="New entry: the equipment")
    indicator_name: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"\S",
        description="New entry: its main indicator; changed indicator: one of the entry's",
    )
    direction: Direction | None = Field(None, description="New entry only (≥ or ≤)")
    unit: str = Field("", max_length=30, description="New entry only")
    proposed_threshold: str = Field(pattern=THRESHOLD_PATTERN, description="A decimal number")
    justification: str = Field(
        max_length=5000,
        pattern=JUSTIFICATION_PATTERN,
        description=f"At least {MIN_JUSTIFICATION} characters",
    )

    @field_validator("entry", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class FirstsetProposalOut(Schema):
    id: int
    enterprise: int
    enterprise_name: str
    edition: int
    kind: ProposalKind
    entry: int | None
    field_name: str
    equipment_name: str
    indicator_name: str
    direction: str
    current_threshold: str | None = Field(description="Changed indicator: the edition's value")
    proposed_threshold: str | None
    unit: str
    justification: str
    status: ProposalStatus
    comment: str = Field(description="The officials' comment")
    created_at: datetime


def proposal_body(proposal: CatalogProposal) -> dict:
    indicator = current_indicator(proposal)
    proposed = proposal.proposed_threshold
    return {
        "id": proposal.pk,
        "enterprise": proposal.enterprise_id,
        "enterprise_name": proposal.enterprise.name,
        "edition": proposal.edition_id,
        "kind": proposal.kind,
        "entry": proposal.entry_id,
        "field_name": proposal.field_name,
        "equipment_name": proposal.equipment_name,
        "indicator_name": proposal.indicator_name,
        "direction": proposal.direction,
        "current_threshold": indicator.threshold_display if indicator else None,
        "proposed_threshold": None if proposed is None else format(proposed.normalize(), "f"),
        "unit": proposal.unit,
        "justification": proposal.justification,
        "status": proposal.status,
        "comment": proposal.comment,
        "created_at": proposal.created_at,
    }


def _reader(user):
    if not rules.can_read_proposals(user):
        raise PermissionDeniedError(
            _("Only enterprise users, zone officials and provincial reviewers read proposals.")
        )


@router.get(
    "/proposals",
    response={200: list[FirstsetProposalOut], **READ_ERRORS},
    summary="Catalog revision proposals the caller may read",
)
@paginate(ApiPagination)
def list_proposals(request, filters: Query[FirstsetProposalFilters]):
    _reader(request.auth)
    rows = proposal_list(request.auth, status=filters.status or "", kind=filters.kind or "")
    return [proposal_body(p) for p in rows]


@router.get(
    "/proposals/{proposal_id}",
    response={200: FirstsetProposalOut, **READ_ERRORS, 404: ErrorOut},
    summary="One catalog revision proposal",
)
def get_proposal(request, proposal_id: IdPath):
    _reader(request.auth)
    proposal = proposals_for(request.auth).filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return proposal_body(proposal)


@router.post(
    "/proposals",
    response={201: FirstsetProposalOut, 400: ErrorOut, **READ_ERRORS, 422: ErrorOut},
    summary="Propose a catalog revision (enterprise users; one indicator per proposal)",
    description=(
        "A new entry needs field_name, equipment_name and direction; a changed indicator needs "
        "entry (of the current edition) and indicator_name one of its indicators. 400 names "
        "the field otherwise."
    ),
)
def create_proposal(request, payload: FirstsetProposalIn):
    if not rules.can_propose(request.auth):
        raise PermissionDeniedError(_("Only enterprise users propose catalog revisions."))
    data = payload.dict()
    data["proposed_threshold"] = Decimal(payload.proposed_threshold)
    if payload.kind == ProposalKind.CHANGE_INDICATOR:
        data["entry"] = _entry(payload.entry)
    proposal = proposal_create(actor=request.auth, data=data)
    return Status(201, proposal_body(proposal))


def _entry(pk: int | None) -> CatalogEntry | None:
    entry = CatalogEntry.objects.filter(pk=pk).first() if pk else None
    if entry is None:
        raise DomainError(
            _("Catalog entry: choose an entry of the current edition."),
            code="invalid",
            field="entry",
        )
    return entry
