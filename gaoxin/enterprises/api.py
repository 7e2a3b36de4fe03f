"""The registry's API, mounted at /api/enterprises.

Reads go through the selectors (scoped by the caller), writes through the services. Another
organisation's enterprise is 404; a role that may not do the action is 403; bad input is 422
with the fields at fault (config/api.py maps the errors to the one error body).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ApiPagination, IdPath, YearPath
from gaoxin.core.errors import PermissionDeniedError

from . import scoping, selectors, services
from .models import Enterprise, FactRecord
from .schemas import (
    ENTERPRISE_ROW_EXPRESSIONS,
    ENTERPRISE_ROW_FIELDS,
    EnterpriseDetailOut,
    EnterpriseFilters,
    EnterpriseIn,
    EnterpriseOut,
    EnterprisePatch,
    FactRecordOut,
    YearlyFactIn,
    YearlyFactOut,
)

router = Router(tags=["enterprises"])


@router.get(
    "",
    response=list[EnterpriseOut],
    summary="List enterprises",
    description="The enterprises you may see, filtered; `count` is the total over all pages.",
)
@paginate(ApiPagination)
def list_enterprises(request, filters: Query[EnterpriseFilters]):
    user = request.auth
    if not scoping.has_registry_access(user):
        raise PermissionDeniedError(_("Your role does not give access to the registry."))
    enterprises = selectors.enterprise_list(user=user, filters=filters.as_selector_filters())
    return enterprises.values(
        *ENTERPRISE_ROW_FIELDS,
        **{name: F(path) for name, path in ENTERPRISE_ROW_EXPRESSIONS.items()},
    )


@router.get("/{int:enterprise_id}", response=EnterpriseDetailOut, summary="One enterprise")
def get_enterprise(request, enterprise_id: IdPath):
    return _detail(request.auth, _enterprise_or_404(request.auth, enterprise_id))


@router.post("", response={201: EnterpriseDetailOut}, summary="Register an enterprise")
def create_enterprise(request, payload: EnterpriseIn):
    enterprise = services.enterprise_create(actor=request.auth, data=payload.service_data())
    return Status(201, _detail(request.auth, _enterprise_or_404(request.auth, enterprise.pk)))


@router.patch("/{int:enterprise_id}", response=EnterpriseDetailOut, summary="Change an enterprise")
def update_enterprise(request, enterprise_id: IdPath, payload: EnterprisePatch):
    enterprise = _enterprise_or_404(request.auth, enterprise_id)
    services.enterprise_update(
        actor=request.auth,
        enterprise=enterprise,
        data=payload.service_data(),
        reason=payload.reason,
    )
    return _detail(request.auth, _enterprise_or_404(request.auth, enterprise_id))


@router.put(
    "/{int:enterprise_id}/facts/{int:year}",
    response={200: YearlyFactOut, 201: YearlyFactOut, 202: FactRecordOut},
    summary="Record or replace a year's figures",
    description=(
        "An official of the zone writes the figures: 201 when the year is new, 200 when its "
        "figures were replaced. Anyone else declares them: 202 with the declaration, which "
        "counts once an official has verified it."
    ),
)
def put_yearly_facts(request, enterprise_id: IdPath, year: YearPath, payload: YearlyFactIn):
    enterprise = _enterprise_or_404(request.auth, enterprise_id)
    existed = enterprise.yearly_facts.filter(year=year).exists()
    saved = services.yearly_fact_upsert(
        actor=request.auth, enterprise=enterprise, year=year, data=payload.model_dump()
    )
    if isinstance(saved, FactRecord):
        return Status(202, saved)
    return Status(200 if existed else 201, saved)


@router.get(
    "/{int:enterprise_id}/records",
    response=list[FactRecordOut],
    summary="Where an enterprise's facts come from",
    description="Its provenance records, newest first: declarations and their verification.",
)
@paginate(ApiPagination)
def list_records(request, enterprise_id: IdPath):
    from . import selectors_verification

    enterprise = _enterprise_or_404(request.auth, enterprise_id)
    return selectors_verification.records_of(user=request.auth, enterprise=enterprise).order_by(
        "-created_at", "-pk"
    )


def _enterprise_or_404(user, pk: int) -> Enterprise:
    try:
        return selectors.enterprise_get(user=user, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _detail(user, enterprise: Enterprise) -> Enterprise:
    """The enterprise with its profile as the user may see it (contacts masked)."""
    enterprise.profile = selectors.enterprise_profile(user=user, enterprise=enterprise)
    return enterprise
