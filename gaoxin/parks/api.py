"""The parks API (园区), mounted at /api/parks: the same scoping, selectors and services as the
pages. Zone officials, park operators and provincial reviewers read the parks they see (403 for
other roles, 401 anonymous; a park they do not see is 404); the park's zone officials and its
operator create and edit its spaces and change their occupancy."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import PermissionDeniedError

from . import rules, selectors, services
from .models import Park, Space
from .schemas import (
    OccupancyValue,
    ParkOccupancyIn,
    ParkOut,
    ParkSpaceIn,
    ParkSpaceOut,
    ParkSpacePatch,
)

router = Router(tags=["parks"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}
PARK_ERRORS = {**READ_ERRORS, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, **PARK_ERRORS, 409: ErrorOut}


def _require_reader(user) -> None:
    if not rules.can_view_parks(user):
        raise PermissionDeniedError(
            _("Parks are for zone officials, park operators and provincial reviewers.")
        )


def _park(user, park_id: int) -> Park:
    _require_reader(user)
    return selectors.park_get(user, park_id)


def _managed(user, park_id: int) -> Park:
    park = _park(user, park_id)
    if not rules.can_manage_park(user, park):
        raise PermissionDeniedError(
            _("Only the officials of the park's zone and its operator manage the park.")
        )
    return park


def _platform(p) -> dict:
    fields = ("id", "name", "kind", "offers", "contact_name", "contact_phone", "contact_email")
    return {**{f: getattr(p, f) for f in fields}, "kind_label": str(p.get_kind_display())}


def park_body(park: Park) -> dict:
    fields = ("id", "name", "focus", "description", "address", "is_public", "is_sample")
    fields += ("contact_name", "contact_phone", "contact_email")
    return {
        **{f: getattr(park, f) for f in fields},
        "zone": park.zone_id,
        "operator": park.operator_id,
        "operator_name": park.operator.name,
        "recognitions": park.recognition_list,
        "enterprise_count": park.enterprise_count,
        "space_count": park.space_count,
        "free_space_count": park.free_count,
        "free_area": f"{park.free_area:.2f}",
        "platforms": [_platform(p) for p in selectors.park_platforms(park)],
    }


def space_body(space: Space) -> dict:
    fields = ("id", "code", "floor", "use", "occupancy", "available_from", "note", "is_sample")
    return {
        **{f: getattr(space, f) for f in fields},
        "park": space.building.park_id,
        "building": space.building_id,
        "building_name": space.building.name,
        "area": f"{space.area:.2f}",
        "occupant": space.occupant_id,
        "occupant_name": space.occupant.name if space.occupant_id else "",
        "monthly_rent": None if space.monthly_rent is None else f"{space.monthly_rent:.2f}",
    }


@router.get("", response={200: list[ParkOut], **READ_ERRORS}, summary="The parks you see")
@paginate(ApiPagination)
def list_parks(request):
    _require_reader(request.auth)
    return [park_body(p) for p in selectors.park_list(request.auth)]


@router.get(
    "/{int:park_id}",
    response={200: ParkOut, **PARK_ERRORS},
    summary="One park with its platforms and space counts",
)
def get_park(request, park_id: IdPath):
    _require_reader(request.auth)
    park = selectors.park_list(request.auth).filter(pk=park_id).first()
    if park is None:
        raise Http404
    return park_body(park)


class SpaceFilter(Schema):
    occupancy: OccupancyValue | None = None


@router.get(
    "/{int:park_id}/spaces",
    response={200: list[ParkSpaceOut], **PARK_ERRORS},
    summary="The park's units, optionally only those free, reserved or occupied",
)
@paginate(ApiPagination)
def list_spaces(request, park_id: IdPath, filters: Query[SpaceFilter]):
    park = _park(request.auth, park_id)
    spaces = selectors.park_spaces(park, occupancy=filters.occupancy or "")
    return [space_body(s) for s in spaces]


@router.post(
    "/{int:park_id}/spaces",
    response={201: ParkSpaceOut, **WRITE_ERRORS},
    summary="Add a unit to a building of the park (it starts free)",
)
def create_space(request, park_id: IdPath, payload: ParkSpaceIn):
    park = _managed(request.auth, park_id)
    building = park.buildings.filter(pk=payload.building).first()
    if building is None:
        raise Http404
    data = payload.dict(exclude={"building"})
    space = services.space_create(actor=request.auth, building=building, **data)
    return Status(201, space_body(space))


def _space(park: Park, space_id: int) -> Space:
    space = selectors.park_spaces(park).filter(pk=space_id).first()
    if space is None:
        raise Http404
    return space


@router.patch(
    "/{int:park_id}/spaces/{int:space_id}",
    response={200: ParkSpaceOut, **WRITE_ERRORS},
    summary="Edit a unit (the fields sent)",
)
def update_space(request, park_id: IdPath, space_id: IdPath, payload: ParkSpacePatch):
    park = _managed(request.auth, park_id)
    space = _space(park, space_id)
    data = payload.dict(exclude_unset=True)
    space = services.space_update(actor=request.auth, space=space, **data)
    return space_body(Space.objects.select_related("building", "occupant").get(pk=space.pk))


@router.post(
    "/{int:park_id}/spaces/{int:space_id}/occupancy",
    response={200: ParkSpaceOut, **WRITE_ERRORS},
    summary="Reserve a unit for an enterprise, let it, or free it (with a reason)",
    description=(
        "`occupant`: an enterprise of the park's zone (for a park operator: in its parks or "
        "in none; another id is 404); required unless "
        "`occupancy` is free. 409 `unchanged` when the unit already has that occupancy and "
        "enterprise."
    ),
)
def set_occupancy(request, park_id: IdPath, space_id: IdPath, payload: ParkOccupancyIn):
    park = _managed(request.auth, park_id)
    space = _space(park, space_id)
    occupant = None
    if payload.occupant is not None:
        occupant = (
            selectors.occupant_choices(park, request.auth).filter(pk=payload.occupant).first()
        )
        if occupant is None:
            raise Http404
    space = services.space_set_occupancy(
        actor=request.auth,
        space=space,
        occupancy=payload.occupancy,
        occupant=occupant,
        reason=payload.reason,
        available_from=payload.available_from,
    )
    return space_body(Space.objects.select_related("building", "occupant").get(pk=space.pk))
