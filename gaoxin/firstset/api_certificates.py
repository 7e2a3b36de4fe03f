"""The first-set certificates API (mounted by api.py under /api/firstset).

``GET /verify/{code}`` is public (``auth=None``): what a tender certificate's verification code
certifies today — the status, the enterprise, the qualified item and models, the window, whether
a verified policy is in force. Never the cap or any amount. Anonymous look-ups are rate-limited
per client address (429), as on the page; an unknown code is 404.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import Http404
from ninja import Router, Schema
from ninja.params.models import Path as PathParam
from pydantic import Field

from gaoxin.core.api import ErrorOut
from gaoxin.core.middleware import client_ip

from . import certificates

router = Router(tags=["firstset"])

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"
CodePath = Annotated[
    str,
    PathParam(
        ...,
        pattern=CODE_PATTERN,
        max_length=40,
        description="The verification code printed under the certificate's QR code",
    ),
]


class FirstsetVerifyModelOut(Schema):
    model_name: str
    improved: bool = Field(description="An improved model (改进型号) of a qualified model")
    improved_from: str = Field(description="The model it improves, or empty")


class FirstsetVerifyOut(Schema):
    status: str = Field(
        description="valid, revoked, expired or not_yet (the window has not begun)",
        json_schema_extra={"enum": ["valid", "revoked", "expired", "not_yet"]},
    )
    number: str
    enterprise: str
    item: str = Field(description="The qualified equipment")
    edition: str = Field(description="The Catalog edition, or empty")
    entry_number: str = Field(description="The entry's number in the edition, or empty")
    models: list[FirstsetVerifyModelOut]
    valid_from: datetime.date
    valid_to: datetime.date
    insured: bool = Field(description="A verified insurance policy covers today")
    revoked_on: datetime.date | None = Field(description="The revocation's date, when revoked")
    sample: bool = Field(description="Sample data of the demo, not a real qualification")


@router.get(
    "/verify/{code}",
    auth=None,
    response={200: FirstsetVerifyOut, 404: ErrorOut, 429: ErrorOut},
    summary="Verify a first-set tender certificate",
    description=(
        "The status today of the qualification a tender certificate's verification code names, "
        "with the enterprise, the qualified item and models, the validity window and whether a "
        "verified insurance policy is in force. No amounts. 404: the code is not known. 429: "
        "too many anonymous look-ups from this address (wait ten minutes)."
    ),
)
def verify(request, code: CodePath):
    certificates.throttle_lookup(request.user, client_ip(request))
    qualification = certificates.find_by_code(code)
    if qualification is None:
        raise Http404
    result = certificates.verification(qualification)
    return {**result, "status": result["verdict"]}
