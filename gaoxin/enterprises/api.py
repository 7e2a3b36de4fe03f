"""The registry's API, mounted at /api/enterprises.

Reads go through the selectors (scoped by the caller), writes through the services. Another
organisation's enterprise is 404; a role that may not do the action is 403; bad input is 422
with the fields at fault (config/api.py maps the errors to the one error body).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ApiPagination
from gaoxin.core.errors import PermissionDeniedError

from . import scoping, selectors, services
from .models import Enterprise
from .schemas import (
    EnterpriseDetailOut,
    EnterpriseFilters,
    EnterpriseIn,
    EnterpriseOut,
    EnterprisePatch,
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
    return selectors.enterprise_list(user=user, filters=filters.as_selector_filters())


@router.get("/{int:enterprise_id}", response=EnterpriseDetailOut, summary="One enterprise")
def get_enterprise(request, enterprise_id: int):
    return _detail(request.auth, _enterprise_or_404(request.auth, enterprise_id))


@router.post("", response={201: EnterpriseDetailOut}, summary="Register an enterprise")
def create_enterprise(request, payload: EnterpriseIn):
    enterprise = services.enterprise_create(actor=request.auth, data=payload.service_data())
    return Status(201, _detail(request.auth, _enterprise_or_404(request.auth, enterprise.pk)))


@router.patch("/{int:enterprise_id}", response=EnterpriseDetailOut, summary="Change an enterprise")
def update_enterprise(request, enterprise_id: int, payload: EnterprisePatch):
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
    response={200: YearlyFactOut, 201: YearlyFactOut},
    summary="Record or replace a year's figures",
    description="201 when the year is new, 200 when its figures were replaced.",
)
def put_yearly_facts(request, enterprise_id: int, year: int, payload: YearlyFactIn):
    enterprise = _enterprise_or_404(request.auth, enterprise_id)
    existed = enterprise.yearly_facts.filter(year=year).exists()
    fact = services.yearly_fact_upsert(
        actor=request.auth, enterprise=enterprise, year=year, data=payload.model_dump()
    )
    return Status(200 if existed else 201, fact)


def _enterprise_or_404(user, pk: int) -> Enterprise:
    try:
        return selectors.enterprise_get(user=user, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _detail(user, enterprise: Enterprise) -> Enterprise:
    """The enterprise with its profile as the user may see it (contacts masked)."""
    enterprise.profile = selectors.enterprise_profile(user=user, enterprise=enterprise)
    return enterprise
