"""The first-set insurance API (mounted by api.py under /api/firstset): insurance policies and
premium-subsidy claims, scoped as the pages are (an enterprise its own; zone officials their
zone's; provincial reviewers their province's; 403 for any other role, 401 anonymous; out of
scope is 404). The same services as the pages. A policy registered here has no proof of payment
until it is uploaded on the policy's page (a file is not sent as JSON), so it cannot be verified
or claimed before."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import field_validator

from gaoxin.accounts.choices import Role
from gaoxin.applications.rules import enterprise_of
from gaoxin.core.api import ApiPagination, ErrorOut, IdPath, id_field, not_a_boolean
from gaoxin.core.errors import PermissionDeniedError

from . import selectors_insurance as sel
from . import services_insurance as services
from .models import Declaration, InsurancePolicy, Qualification, SubsidyClaim
from .services_insurance import refused

router = Router(tags=["firstset"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}
ONE_ERRORS = {**READ_ERRORS, 404: ErrorOut}
AMOUNT_PATTERN = r"^(?:0*[1-9]\d{0,13}(?:\.\d{1,2})?|0+\.(?:0[1-9]|[1-9]\d?))$"
NOT_BLANK = r"\S"


class FirstsetInsurancePolicyOut(Schema):
    id: int
    enterprise: int
    enterprise_name: str
    qualification: int | None
    qualification_number: str | None
    declaration: int | None
    model_name: str | None
    insurer: str
    number: str
    insured_user: str
    starts_on: datetime.date
    ends_on: datetime.date
    sum_insured: str = Field(description="Yuan, a decimal string")
    premium: str = Field(description="Yuan, a decimal string")
    rate: str = Field(description="Premium ÷ sum insured (freely agreed since 2024)")
    cover: str
    paid_on: datetime.date | None
    has_proof: bool
    previous: int | None = Field(description="The policy this one renews")
    renewal: int | None = Field(description="The policy that renews this one")
    status: str = Field(description="registered, verified or rejected")


class FirstsetInsurancePolicyIn(Schema):
    qualification: int = id_field(description="A qualification in force of your enterprise")
    declaration: int = id_field(
        description="The insured model: a qualified model, or an improved model of one"
    )
    insurer: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    number: str = Field(min_length=1, max_length=100, pattern=NOT_BLANK)
    insured_user: str = Field(min_length=1, max_length=200, pattern=NOT_BLANK)
    starts_on: datetime.date
    ends_on: datetime.date = Field(
        description="On or after starts_on; the period inside the qualification's window"
    )
    sum_insured: str = Field(pattern=AMOUNT_PATTERN, max_length=17, examples=["28000000.00"])
    premium: str = Field(pattern=AMOUNT_PATTERN, max_length=17, examples=["560000.00"])
    cover: str = Field("", max_length=300)
    paid_on: datetime.date | None = Field(None, description="Not in the future")
    previous: int | None = id_field(None, description="The policy this one renews (optional)")

    @field_validator("qualification", "declaration", "previous", mode="before")
    @classmethod
    def _ids_are_numbers(cls, value):
        return not_a_boolean(value)


class FirstsetInsuranceVerifyIn(Schema):
    reason: str = Field(min_length=1, max_length=500, pattern=NOT_BLANK)


class FirstsetClaimPolicyOut(Schema):
    id: int
    number: str
    status: str


class FirstsetClaimOut(Schema):
    id: int
    application: int
    application_number: str
    status: str
    qualification: int
    qualification_number: str
    cap: str | None
    allocated_on_cap: str = Field(description="Everything allocated on the qualification's cap")
    allocated: str = Field(description="Allocated to this claim by its decision")
    commitment: int | None
    computed_amount: str | None
    policies: list[FirstsetClaimPolicyOut]


class FirstsetClaimDetailOut(FirstsetClaimOut):
    trace: dict[str, Any] = Field(
        description="The rulebook's result (per-policy subsidy, reason and steps, total, "
        "cap_remaining, parameters_version) and the case it was computed from"
    )


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def policy_body(p: InsurancePolicy) -> dict:
    renewal = InsurancePolicy.objects.filter(previous=p).values_list("pk", flat=True).first()
    return {
        "id": p.pk,
        "enterprise": p.enterprise_id,
        "enterprise_name": p.enterprise.name,
        "qualification": p.qualification_id,
        "qualification_number": p.qualification.number if p.qualification_id else None,
        "declaration": p.declaration_id,
        "model_name": p.declaration.model_name if p.declaration_id else None,
        "insurer": p.insurer,
        "number": p.number,
        "insured_user": p.insured_user,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "sum_insured": _money(p.sum_insured),
        "premium": _money(p.premium),
        "rate": f"{p.rate:.6f}",
        "cover": p.cover,
        "paid_on": p.paid_on,
        "has_proof": p.proof_id is not None,
        "previous": p.previous_id,
        "renewal": renewal,
        "status": p.status,
    }


def claim_body(c: SubsidyClaim, with_trace: bool = False) -> dict:
    application, q = c.application, c.qualification
    version = application.current_version
    body = {
        "id": c.pk,
        "application": application.pk,
        "application_number": application.number,
        "status": application.status,
        "qualification": q.pk,
        "qualification_number": q.number,
        "cap": _money(q.cap),
        "allocated_on_cap": _money(q.used),
        "allocated": _money(c.allocated),
        "commitment": c.commitment_id,
        "computed_amount": _money(version.computed_amount) if version else None,
        "policies": [
            {"id": p.pk, "number": p.number, "status": p.status}
            for p in c.policies.order_by("starts_on", "id")
        ],
    }
    if with_trace:
        body["trace"] = application.decision_trace or (version.trace if version else {})
    return body


def _reader(user) -> None:
    if user.role not in sel.READER_ROLES:
        raise PermissionDeniedError(
            _("Insurance policies are for the enterprise, the zone's officials and the province.")
        )


def _lookup(model, pk, field, **scope):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **scope).first()
    if found is None:
        raise refused(_("%(field)s: no such record of your enterprise.") % {"field": field},
                          field=field)  # fmt: skip
    return found


@router.get(
    "/insurance-policies",
    response={200: list[FirstsetInsurancePolicyOut], **READ_ERRORS},
    summary="Insurance policies you may see",
)
@paginate(ApiPagination)
def list_insurance_policies(request):
    _reader(request.auth)
    return [policy_body(p) for p in sel.policy_list(request.auth)]


@router.post(
    "/insurance-policies",
    response={
        201: FirstsetInsurancePolicyOut,
        400: ErrorOut,
        **READ_ERRORS,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Register an insurance policy (the enterprise's users)",
    description=(
        "Refused (422) with the reason when the period is outside the qualification's window "
        "(both date ranges named), the model is not covered, or the number is taken. The proof "
        "of payment is uploaded on the policy's page."
    ),
)
def create_insurance_policy(request, payload: FirstsetInsurancePolicyIn):
    user = request.auth
    if user.role != Role.ENTERPRISE_USER or enterprise_of(user) is None:
        raise PermissionDeniedError(_("Only the enterprise's own users register its policies."))
    enterprise = enterprise_of(user)
    data = payload.dict()
    data["qualification"] = _lookup(
        Qualification, data["qualification"], "qualification", enterprise=enterprise
    )
    data["declaration"] = _lookup(
        Declaration, data["declaration"], "declaration", enterprise=enterprise
    )
    previous = _lookup(InsurancePolicy, data.pop("previous"), "previous", enterprise=enterprise)
    for key in ("sum_insured", "premium"):
        data[key] = Decimal(data[key])
    policy = services.policy_register(actor=user, data=data, previous=previous)
    return Status(201, policy_body(policy))


def _policy(user, pk) -> InsurancePolicy:
    _reader(user)
    try:
        return sel.policy_get(user, pk)
    except InsurancePolicy.DoesNotExist as exc:
        raise Http404 from exc


@router.get(
    "/insurance-policies/{policy_id}",
    response={200: FirstsetInsurancePolicyOut, **ONE_ERRORS},
    summary="One insurance policy",
)
def get_insurance_policy(request, policy_id: IdPath):
    return policy_body(_policy(request.auth, policy_id))


@router.post(
    "/insurance-policies/{policy_id}/verify",
    response={
        200: FirstsetInsurancePolicyOut,
        400: ErrorOut,
        **ONE_ERRORS,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Verify an insurance policy (zone officials, provincial reviewers)",
    description=(
        "After checking the policy and the proof of payment: 409 `no_proof` without the proof "
        "and the date paid; 409 when it is not registered."
    ),
)
def verify_insurance_policy(request, policy_id: IdPath, payload: FirstsetInsuranceVerifyIn):
    policy = _policy(request.auth, policy_id)
    policy = services.policy_verify(actor=request.auth, policy=policy, reason=payload.reason)
    return policy_body(policy)


@router.get(
    "/claims",
    response={200: list[FirstsetClaimOut], **READ_ERRORS},
    summary="Premium-subsidy applications you may see",
)
@paginate(ApiPagination)
def list_claims(request):
    _reader(request.auth)
    claims = sel.claims_for(request.auth).order_by("-application__created_at", "-id")
    return [claim_body(c) for c in claims]


@router.get(
    "/claims/{claim_id}",
    response={200: FirstsetClaimDetailOut, **ONE_ERRORS},
    summary="One premium-subsidy application, with the rulebook's trace",
)
def get_claim(request, claim_id: IdPath):
    _reader(request.auth)
    try:
        return claim_body(sel.claim_get(request.auth, claim_id), with_trace=True)
    except SubsidyClaim.DoesNotExist as exc:
        raise Http404 from exc
