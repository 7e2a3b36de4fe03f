"""The first-set qualifications API (mounted by api.py under /api/firstset), scoped like the
pages: an enterprise user reads and declares its own equipment; zone officials and provincial
reviewers read their zone's or province's declarations and qualifications (the auditor the
zone's qualifications); another organisation's record is 404; the published results are
public (no caps or amounts: those are not public)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import field_validator

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath, not_a_boolean

from . import rules
from . import selectors_qualifications as sel
from . import services_qualifications as svc

router = Router(tags=["firstset"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}
ONE_ERRORS = {**READ_ERRORS, 404: ErrorOut}
NUMBER = r"^-?\d{1,14}(\.\d{1,10})?$"
MONEY = r"^\d{1,14}(\.\d{1,2})?$"
NOT_BLANK = r"\S"

IndicatorValue = Annotated[str, Field(pattern=NUMBER, max_length=30)]
IndicatorName = Annotated[str, Field(min_length=1, max_length=100)]


class FirstsetCheckRowOut(Schema):
    name: str
    unit: str
    direction: str
    value: str | None
    threshold: str
    met: bool
    margin: str | None


class FirstsetDeclarationOut(Schema):
    id: int
    enterprise: int
    enterprise_name: str
    entry: int
    equipment_name: str
    model_name: str
    product_name: str
    improved_from: int | None
    values: dict[str, str]
    meets_all: bool
    unit_value: str | None
    status: str
    is_sample: bool


class FirstsetDeclarationDetailOut(FirstsetDeclarationOut):
    check: list[FirstsetCheckRowOut]
    evidence: list[str]
    qualifications: list[str]


class FirstsetDeclarationIn(Schema):
    entry: int = Field(
        ..., ge=1, le=2147483647, description="A catalog entry of the current edition."
    )
    model_name: str = Field(..., min_length=1, max_length=200, pattern=NOT_BLANK)
    product_name: str = Field("", max_length=200)
    unit_value: str | None = Field(
        None, pattern=MONEY, description="Declared value per unit or batch, yuan (above zero)."
    )
    improved_from: int | None = Field(
        None, ge=1, le=2147483647, description="A verified declaration of the same entry."
    )
    values: dict[IndicatorName, IndicatorValue] = Field(
        default_factory=dict, description="Indicator name → declared value (decimal string)."
    )

    @field_validator("entry", "improved_from", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class FirstsetQualificationOut(Schema):
    id: int
    number: str
    enterprise: int
    enterprise_name: str
    round: int
    round_year: int
    equipment_name: str
    models: list[str]
    support_mode: str
    quantity: int
    cap: str | None
    used: str
    remaining: str | None
    valid_from: datetime.date
    valid_to: datetime.date
    days_left: int
    status: str = Field(..., description="qualified, expired (window over) or revoked")
    at_risk: bool
    recommending_unit: str
    is_sample: bool


class FirstsetResultItemOut(Schema):
    province: str
    enterprise_name: str
    equipment_name: str
    support_mode: str


class FirstsetResultRoundOut(Schema):
    year: int
    name: str
    doc_number: str
    published_on: datetime.date | None
    note: str
    items: list[FirstsetResultItemOut]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def declaration_body(d) -> dict:
    return {
        "id": d.pk,
        "enterprise": d.enterprise_id,
        "enterprise_name": d.enterprise.name,
        "entry": d.entry_id,
        "equipment_name": d.entry.equipment_name,
        "model_name": d.model_name,
        "product_name": d.product_name,
        "improved_from": d.improved_from_id,
        "values": d.values,
        "meets_all": d.meets_all,
        "unit_value": _money(d.unit_value),
        "status": d.status,
        "is_sample": d.is_sample,
    }


def qualification_body(q, today: datetime.date) -> dict:
    return {
        "id": q.pk,
        "number": q.number,
        "enterprise": q.enterprise_id,
        "enterprise_name": q.enterprise.name,
        "round": q.round_id,
        "round_year": q.round.year,
        "equipment_name": q.equipment_name,
        "models": [d.model_name for d in q.declarations.all()],
        "support_mode": q.support_mode,
        "quantity": q.quantity,
        "cap": _money(q.cap),
        "used": _money(q.used),
        "remaining": _money(q.remaining),
        "valid_from": q.valid_from,
        "valid_to": q.valid_to,
        "days_left": sel.days_left(q, today),
        "status": sel.display_status(q, today),
        "at_risk": sel.at_risk(q, today),
        "recommending_unit": q.recommending_unit,
        "is_sample": q.is_sample,
    }


def _require(predicate, user) -> None:
    if not predicate(user):
        raise PermissionDenied


@router.get(
    "/declarations",
    response={200: list[FirstsetDeclarationOut], **READ_ERRORS},
    summary="Equipment declarations you may read",
    description="Enterprise users: their own; zone officials: the zone's; provincial "
    "reviewers: the province's. Newest first.",
)
@paginate(ApiPagination)
def list_declarations(request):
    _require(rules.can_view_declarations, request.auth)
    return [declaration_body(d) for d in sel.declaration_list(request.auth)]


@router.post(
    "/declarations",
    response={
        201: FirstsetDeclarationDetailOut,
        400: ErrorOut,
        **READ_ERRORS,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Declare a model against a catalog entry (enterprise users)",
    description="A draft declaration; the indicator check is stored with it. Upload its "
    "evidence on the declaration's page. 400 names the field to fix; 409 `duplicate` when "
    "the enterprise already declared that model against the entry.",
)
def create_declaration(request, payload: FirstsetDeclarationIn):
    _require(rules.can_declare, request.auth)
    declaration = svc.declaration_create(
        actor=request.auth, entry=payload.entry, data=payload.dict(exclude={"entry"})
    )
    return Status(201, _detail(declaration))


def _detail(declaration) -> dict:
    return {
        **declaration_body(declaration),
        "check": (declaration.check_result or {}).get("indicators", []),
        "evidence": [e.kind for e in declaration.evidence.all()],
        "qualifications": [q.number for q in declaration.qualifications.all()],
    }


@router.get(
    "/declarations/{declaration_id}",
    response={200: FirstsetDeclarationDetailOut, **ONE_ERRORS},
    summary="One declaration with its indicator check",
)
def get_declaration(request, declaration_id: IdPath):
    _require(rules.can_view_declarations, request.auth)
    return _detail(sel.declaration_get(request.auth, declaration_id))


@router.get(
    "/qualifications",
    response={200: list[FirstsetQualificationOut], **READ_ERRORS},
    summary="Qualifications you may read, with cap, allocated and remaining",
)
@paginate(ApiPagination)
def list_qualifications(request):
    _require(rules.can_view_qualifications, request.auth)
    today = timezone.localdate()
    qs = sel.qualification_list(request.auth, {}, today)
    return [qualification_body(q, today) for q in qs]


@router.get(
    "/qualifications/{qualification_id}",
    response={200: FirstsetQualificationOut, **ONE_ERRORS},
    summary="One qualification",
)
def get_qualification(request, qualification_id: IdPath):
    _require(rules.can_view_qualifications, request.auth)
    return qualification_body(
        sel.qualification_get(request.auth, qualification_id), timezone.localdate()
    )


@router.get(
    "/results",
    auth=None,
    response=list[FirstsetResultRoundOut],
    summary="Published qualification results (public)",
    description="Per round: the qualified enterprises and equipment by province. No caps.",
)
def list_results(request):
    rounds = []
    for round_ in sel.published_rounds():
        items = [
            {
                "province": province,
                "enterprise_name": q.enterprise.name,
                "equipment_name": q.equipment_name,
                "support_mode": q.support_mode,
            }
            for province, qualifications in sel.public_results(round_)
            for q in qualifications
        ]
        rounds.append(
            {
                "year": round_.year,
                "name": round_.name,
                "doc_number": round_.doc_number,
                "published_on": round_.results_published_on,
                "note": round_.results_note,
                "items": items,
            }
        )
    return rounds
