"""The investment pipeline API (招商), mounted at /api/investment: the same scoping, selectors
and services as the pages. Zone officials and park operators read and work on their leads,
provincial reviewers read (403 for their writes); any other role 403, anonymous 401; a lead out
of scope 404. A move the workflow refuses, or one another request made first, is 409."""

from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ID_MAX, ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.events.models import Event
from gaoxin.parks.models import ChainSegment, Park

from . import rules, selectors, services
from .choices import LeadStatus
from .funnel import funnel
from .models import Lead, Signing
from .schemas import (
    FunnelRowOut,
    LeadIn,
    LeadOut,
    LeadPatchIn,
    LeadSettleIn,
    LeadTransitionIn,
    SigningIn,
    SigningOut,
)

router = Router(tags=["investment"])
READ = {401: ErrorOut, 403: ErrorOut}
ONE = {**READ, 404: ErrorOut}
WRITE = {**ONE, 409: ErrorOut, 422: ErrorOut}


def _id_filter(description: str):
    return Field(None, ge=1, le=ID_MAX, description=description)


class LeadFilters(Schema):
    status: LeadStatus | None = None
    park: int | None = _id_filter("Park id")
    segment: int | None = _id_filter("Chain segment id")
    owner: Literal["mine"] | None = Field(None, description="`mine`: your own leads")
    overdue: bool = Field(False, description="Only open leads whose follow-up is past")
    q: str | None = Field(None, max_length=100, description="Firm, contact or credit code")


class SigningFilters(Schema):
    event: int | None = _id_filter("Event id")
    park: int | None = _id_filter("Park id")
    segment: int | None = _id_filter("Chain segment id")
    year: int | None = Field(None, ge=2000, le=2100)


class FunnelFilters(Schema):
    park: int | None = _id_filter("Park id")
    segment: int | None = _id_filter("Chain segment id")


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _reader(user) -> None:
    if not rules.can_view_leads(user):
        raise PermissionDeniedError(_("Your role does not see the investment pipeline."))


def _worker(user, lead: Lead | None = None) -> None:
    if not rules.can_work(user, lead):
        raise PermissionDeniedError(_("You cannot work on investment leads."))


def lead_body(lead: Lead) -> dict:
    return {
        **{f.attname: getattr(lead, f.attname) for f in Lead._meta.concrete_fields},
        "zone": lead.zone_id,
        "park": lead.park_id,
        "park_name": lead.park.name if lead.park_id else "",
        "segment": lead.segment_id,
        "segment_name": lead.segment.name if lead.segment_id else "",
        "owner": lead.owner_id,
        "owner_name": str(lead.owner),
        "enterprise": lead.enterprise_id,
        "expected_investment": _money(lead.expected_investment),
        "expected_output": _money(lead.expected_output),
    }


def signing_body(s: Signing) -> dict:
    return {
        "id": s.pk,
        "lead": s.lead_id,
        "firm_name": s.lead.firm_name,
        "signed_on": s.signed_on,
        "amount": _money(s.amount),
        "segment": s.segment_id,
        "segment_name": s.segment.name if s.segment_id else "",
        "park": s.park_id,
        "park_name": s.park.name if s.park_id else "",
        "event": s.event_id,
        "event_title": s.event.title if s.event_id else "",
        "has_agreement": bool(s.agreement),
        "agreement_sha256": s.agreement_sha256,
        "note": s.note,
        "is_sample": s.is_sample,
    }


def _resolve(model, pk: int | None, field: str):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: [_("No such choice: choose one from the list.")]})
    return obj


# Fields a lead cannot be without: null means "leave as it is" (or, on creation, the default).
REQUIRED = ("firm_name", "source", "owner", "contact_on")
# Text fields: null means empty.
TEXT = ("uscc", "contact_name", "contact_phone", "source_detail", "note")


def _lead_data(payload: Schema) -> dict:
    data = payload.dict(exclude_unset=True)
    data = {k: v for k, v in data.items() if not (v is None and k in REQUIRED)}
    data.update({k: "" for k in TEXT if k in data and data[k] is None})
    refs = {"park": Park, "segment": ChainSegment, "enterprise": None, "owner": None}
    for name, model in refs.items():
        if name in data:
            data[name] = _resolve(model or _model_of(name), data[name], name)
    for name in ("expected_investment", "expected_output"):
        if data.get(name) is not None:
            data[name] = Decimal(data[name])
    return data


def _model_of(name: str):
    return Lead._meta.get_field(name).related_model


@router.get("/leads", response={200: list[LeadOut], **READ}, summary="Your leads (filters)")
@paginate(ApiPagination)
def list_leads(request, filters: Query[LeadFilters]):
    _reader(request.auth)
    params = {k: ("on" if v is True else v) for k, v in filters.dict().items() if v}
    return [lead_body(lead) for lead in selectors.lead_list(request.auth, params)]


@router.post("/leads", response={201: LeadOut, 400: ErrorOut, **WRITE}, summary="Record a lead")
def create_lead(request, payload: LeadIn):
    _reader(request.auth)
    _worker(request.auth)
    lead = services.lead_create(actor=request.auth, data=_lead_data(payload))
    return Status(201, lead_body(selectors.lead_get(request.auth, lead.pk)))


@router.get("/leads/{int:lead_id}", response={200: LeadOut, **ONE}, summary="One lead")
def get_lead(request, lead_id: IdPath):
    _reader(request.auth)
    return lead_body(selectors.lead_get(request.auth, lead_id))


@router.patch(
    "/leads/{int:lead_id}",
    response={200: LeadOut, 400: ErrorOut, **WRITE},
    summary="Change a lead's facts",
)
def update_lead(request, lead_id: IdPath, payload: LeadPatchIn):
    _reader(request.auth)
    lead = selectors.lead_get(request.auth, lead_id)
    _worker(request.auth, lead)
    services.lead_update(actor=request.auth, lead=lead, data=_lead_data(payload))
    return lead_body(selectors.lead_get(request.auth, lead_id))


@router.post(
    "/leads/{int:lead_id}/transitions",
    response={200: LeadOut, 400: ErrorOut, **WRITE},
    summary="Move a lead (visit, negotiate, produce, drop, reopen) with a note",
    description="`sign` and `settle` have their own operations (/signing, /settle). 409 when "
    "the lead's status does not allow the move, or another request moved it first.",
)
def transition_lead(request, lead_id: IdPath, payload: LeadTransitionIn):
    _reader(request.auth)
    lead = selectors.lead_get(request.auth, lead_id)
    _worker(request.auth, lead)
    services.lead_transition(
        actor=request.auth,
        lead=lead,
        name=payload.name,
        note=payload.note,
        next_follow_up=payload.next_follow_up,
    )
    return lead_body(selectors.lead_get(request.auth, lead_id))


@router.post(
    "/leads/{int:lead_id}/signing",
    response={201: SigningOut, 400: ErrorOut, **WRITE},
    summary="Record the signing (签约) of a lead in negotiation; the agreement file is uploaded "
    "on the page",
)
def sign_lead(request, lead_id: IdPath, payload: SigningIn):
    _reader(request.auth)
    lead = selectors.lead_get(request.auth, lead_id)
    _worker(request.auth, lead)
    signing = services.lead_sign(
        actor=request.auth,
        lead=lead,
        signed_on=payload.signed_on,
        amount=Decimal(payload.amount),
        segment=_resolve(ChainSegment, payload.segment, "segment"),
        park=_resolve(Park, payload.park, "park"),
        event=_resolve(Event, payload.event, "event"),
        note=payload.note,
        next_follow_up=payload.next_follow_up,
    )
    return Status(201, signing_body(signing))


@router.post(
    "/leads/{int:lead_id}/settle",
    response={200: LeadOut, 400: ErrorOut, **WRITE},
    summary="Settle a signed lead (落地): its enterprise moves into the park, or is registered",
)
def settle_lead(request, lead_id: IdPath, payload: LeadSettleIn):
    _reader(request.auth)
    lead = selectors.lead_get(request.auth, lead_id)
    _worker(request.auth, lead)
    services.lead_settle(
        actor=request.auth,
        lead=lead,
        note=payload.note,
        uscc=payload.uscc or "",
        next_follow_up=payload.next_follow_up,
    )
    return lead_body(selectors.lead_get(request.auth, lead_id))


@router.get("/signings", response={200: list[SigningOut], **READ}, summary="Your signings")
@paginate(ApiPagination)
def list_signings(request, filters: Query[SigningFilters]):
    _reader(request.auth)
    params = {k: v for k, v in filters.dict().items() if v}
    return [signing_body(s) for s in selectors.signing_list(request.auth, params)]


@router.get("/funnel", response={200: list[FunnelRowOut], **READ}, summary="The pipeline funnel")
def get_funnel(request, filters: Query[FunnelFilters]):
    _reader(request.auth)
    params = {k: v for k, v in filters.dict().items() if v}
    rows = funnel(selectors.lead_list(request.auth, params))
    return [
        {
            **row,
            "conversion": None if row["conversion"] is None else str(row["conversion"]),
            "median_days": None if row["median_days"] is None else str(row["median_days"]),
        }
        for row in rows
    ]
