"""The verification queue's API (核验), mounted at /api/verification: the same permissions and
the same services as the pages. Zone officials only; another zone's record is 404."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from gaoxin.core.api import ApiPagination, IdPath
from gaoxin.core.errors import DomainError, PermissionDeniedError

from . import scoping, services
from . import selectors_verification as selectors
from .schemas import BulkVerifyIn, BulkVerifyOut, DecisionIn, FactRecordOut, RejectIn

router = Router(tags=["verification"])


def _require_queue(user) -> None:
    if not scoping.can_use_verification_queue(user):
        raise PermissionDeniedError(_("Only officials of a zone verify enterprises' data."))


def _record(user, pk: int):
    _require_queue(user)
    try:
        return selectors.record_get(user=user, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


@router.get(
    "/queue",
    response=list[FactRecordOut],
    summary="Declarations awaiting verification",
    description="The pending declarations of your zone's enterprises, oldest first.",
)
@paginate(ApiPagination)
def list_queue(request):
    _require_queue(request.auth)
    return selectors.queue(user=request.auth)


@router.post("/{int:record_id}/verify", response=FactRecordOut, summary="Verify a declaration")
def verify(request, record_id: IdPath, payload: DecisionIn):
    record = _record(request.auth, record_id)
    return services.declaration_verify(actor=request.auth, record=record, reason=payload.reason)


@router.post("/{int:record_id}/reject", response=FactRecordOut, summary="Reject a declaration")
def reject(request, record_id: IdPath, payload: RejectIn):
    record = _record(request.auth, record_id)
    return services.declaration_reject(actor=request.auth, record=record, reason=payload.reason)


@router.post(
    "/verify",
    response=BulkVerifyOut,
    summary="Verify several declarations at once",
    description="All or none: when one cannot be verified, none is, and the error names it.",
)
def verify_many(request, payload: BulkVerifyIn):
    _require_queue(request.auth)
    records = selectors.pending_for_user(user=request.auth, ids=payload.ids)
    missing = set(payload.ids) - {r.pk for r in records}
    if missing:
        raise DomainError(
            _("These declarations are not awaiting your verification: %(ids)s")
            % {"ids": ", ".join(str(pk) for pk in sorted(missing))},
            code="not_pending",
            field="ids",
        )
    count = services.declarations_verify(actor=request.auth, records=records, reason=payload.reason)
    return {"verified": count}
