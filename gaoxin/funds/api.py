"""The fund ledger API (资金台账), mounted at /api/funds: the same permissions, selectors and
services as the pages. Zone officials and auditors read their zone's funds (403 for any other
role, 401 anonymous; another zone's fund is 404); only the zone's officials pay."""

from django.http import Http404
from ninja import Header, Router
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath

from . import selectors, services
from .models import Commitment, Fund, LedgerEntry
from .schemas import NOT_BLANK, CommitmentOut, DisbursementIn, FundOut, LedgerEntryOut

router = Router(tags=["fund ledgers"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}
FUND_ERRORS = {**READ_ERRORS, 404: ErrorOut}


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def fund_body(fund: Fund) -> dict:
    return {
        "id": fund.pk,
        "name": fund.name,
        "policy": fund.policy_id,
        "policy_title": fund.policy.title,
        "year": fund.year,
        "budget": _money(fund.budget),
        "per_enterprise_cap": _money(fund.per_enterprise_cap),
        "committed": _money(fund.committed),
        "paid": _money(fund.paid),
        "remaining": _money(fund.remaining),
        "unpaid": _money(fund.unpaid),
    }


def commitment_body(commitment: Commitment) -> dict:
    return {
        "id": commitment.pk,
        "enterprise": commitment.enterprise_id,
        "enterprise_name": commitment.enterprise.name,
        "amount": _money(commitment.amount),
        "disbursed": _money(commitment.disbursed),
        "remaining": _money(commitment.remaining),
        "source": commitment.source_label,
        "reason": commitment.reason,
        "created_at": commitment.created_at,
    }


def entry_body(entry: LedgerEntry) -> dict:
    commitment = Commitment.objects.get(pk=entry.commitment_id)
    return {
        "id": entry.pk,
        "fund": entry.fund_id,
        "commitment": entry.commitment_id,
        "kind": entry.kind,
        "amount": _money(entry.amount),
        "reference": entry.reference,
        "idempotency_key": entry.idempotency_key,
        "created_at": entry.created_at,
        "commitment_amount": _money(commitment.amount),
        "commitment_disbursed": _money(commitment.disbursed),
        "commitment_remaining": _money(commitment.remaining),
    }


@router.get(
    "",
    response={200: list[FundOut], **READ_ERRORS},
    summary="Your zone's funds",
    description="Newest year first. Zone officials and auditors.",
)
@paginate(ApiPagination)
def list_funds(request):
    return [fund_body(f) for f in selectors.fund_list(request.auth)]


@router.get(
    "/{int:fund_id}",
    response={200: FundOut, **FUND_ERRORS},
    summary="One fund: budget, committed, paid, remaining",
)
def get_fund(request, fund_id: IdPath):
    return fund_body(selectors.fund_get(request.auth, fund_id))


@router.get(
    "/{int:fund_id}/commitments",
    response={200: list[CommitmentOut], **FUND_ERRORS},
    summary="The fund's commitments, with what each has paid and has left",
)
@paginate(ApiPagination)
def list_commitments(request, fund_id: IdPath):
    fund = selectors.fund_get(request.auth, fund_id)
    return [commitment_body(c) for c in selectors.fund_commitments(fund)]


@router.post(
    "/{int:fund_id}/disbursements",
    response={
        200: LedgerEntryOut,
        201: LedgerEntryOut,
        400: ErrorOut,
        **FUND_ERRORS,
        409: ErrorOut,
    },
    summary="Pay part of a commitment (拨付), once per idempotency key",
    description=(
        "Send a new `Idempotency-Key` header for each payment. 201 with the entry; 200 with the "
        "same entry when the key was seen before with the same body (nothing is paid again); "
        "409 `over_commitment` (or `over_budget`) when the amount is more than the commitment "
        "has left, 409 `idempotency_key_reused` when the key came with another body. The zone's "
        "officials only."
    ),
)
def create_disbursement(
    request,
    fund_id: IdPath,
    payload: DisbursementIn,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        min_length=1,
        max_length=100,
        pattern=NOT_BLANK,
        description="A new key for each payment; the same key again pays nothing",
    ),
):
    fund = selectors.fund_get(request.auth, fund_id)
    commitment = fund.commitments.filter(pk=payload.commitment).first()
    if commitment is None:
        raise Http404
    entry, created = services.disbursement_create(
        actor=request.auth,
        commitment=commitment,
        amount=payload.amount,
        reference=payload.reference,
        idempotency_key=idempotency_key,
    )
    return Status(201 if created else 200, entry_body(entry))
