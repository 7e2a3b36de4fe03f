"""API of the innovation institutes part (mounted by api.py at /api/institutes): the same
scoping, selectors and services as the pages.

- ``GET /api/institutes``: the institutes the caller reads (zone officials, park operators,
  provincial reviewers, and enterprise users of a member enterprise);
- ``GET /api/institutes/{id}``: one, with members, fields, kinds of work, projects by stage,
  outputs per year and each member's contribution (404 outside the caller's reach);
- ``POST /api/institutes``, ``PATCH /api/institutes/{id}``: zone officials of the zone, park
  operators for an institute in their park;
- ``POST /api/institutes/{id}/members``, ``DELETE /api/institutes/{id}/members/{member_id}``.

A refusal with a reason is 400 (naming the field), a conflict (a second lead, a member that
still leads projects) 409.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.accounts.models import Organisation
from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.models import Enterprise
from gaoxin.parks.models import Park

from . import selectors_institutes as selectors
from . import services_institutes as services
from .choices import ProjectStage
from .models import Institute, InstituteMember
from .schemas_institutes import (
    InstituteDetailOut,
    InstituteFilters,
    InstituteIn,
    InstituteOut,
    InstitutePatchIn,
    MemberIn,
    MemberOut,
)

router = Router()
READ = {401: ErrorOut, 403: ErrorOut}
ONE = {**READ, 404: ErrorOut}
WRITE = {**ONE, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _reader(user) -> None:
    if not user.has_perm("innovation.view_institutes"):
        raise PermissionDeniedError(_("Your role does not see the research institutes."))


def _manager(user, institute: Institute | None = None) -> None:
    if not user.has_perm("innovation.manage_institute", institute):
        raise PermissionDeniedError(
            _(
                "Only the zone's officials, or the operator of the institute's park, "
                "work on this institute."
            )
        )


def _get(user, pk: int) -> Institute:
    _reader(user)
    return selectors.institute_get(user, pk)


def member_body(m: InstituteMember) -> dict:
    return {
        "id": m.pk,
        "role": m.role,
        "name": m.name,
        "enterprise": m.enterprise_id,
        "organisation": m.organisation_id,
        "joined_on": m.joined_on,
        "note": m.note,
    }


def _counts(institute: Institute) -> dict:
    if hasattr(institute, "n_rnd"):
        return {s: getattr(institute, f"n_{s}") for s in ProjectStage.values}
    return selectors.stage_counts(institute)


def institute_body(institute: Institute) -> dict:
    lead = getattr(institute, "lead_name", None)
    if lead is None:
        lead = institute.members.filter(role="lead").values_list("name", flat=True).first()
    count = getattr(institute, "n_members", None)
    return {
        "id": institute.pk,
        "zone": institute.zone_id,
        "name": institute.name,
        "short_name": institute.short_name,
        "level": institute.level,
        "unveiled_on": institute.unveiled_on,
        "host": institute.host_id,
        "host_name": institute.host.name if institute.host_id else "",
        "park": institute.park_id,
        "park_name": institute.park.name if institute.park_id else "",
        "lead_name": lead or "",
        "members_count": institute.members.count() if count is None else count,
        "projects_by_stage": _counts(institute),
        "is_sample": institute.is_sample,
    }


def institute_detail_body(institute: Institute) -> dict:
    return {
        **institute_body(institute),
        "fields": list(institute.fields or []),
        "planned_fields": list(institute.planned_fields or []),
        "work_kinds": list(institute.work_kinds or []),
        "description": institute.description,
        "source": institute.source,
        "members": [member_body(m) for m in institute.members.all()],
        "outputs_per_year": selectors.outputs_per_year(institute),
        "contribution": [
            {
                "member": row["member"].pk,
                "name": row["member"].name,
                "role": row["member"].role,
                "projects_led": row["projects_led"],
                "projects_involved": row["projects_involved"],
                "patents": row["patents"],
                "standards": row["standards"],
                "budget_led": f"{row['budget_led']:.2f}",
            }
            for row in selectors.contribution(institute)
        ],
    }


def _resolve(model, pk: int | None, field: str, label: str):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise DomainError(
            _("%(label)s: no such choice; give the id of an existing one.") % {"label": label},
            field=field,
        )
    return obj


REFS = {
    "host": (Enterprise, gettext_lazy("Host")),
    "park": (Park, gettext_lazy("Park")),
    "enterprise": (Enterprise, gettext_lazy("Enterprise")),
    "organisation": (Organisation, gettext_lazy("Organisation")),
}


def _data(payload, *, unset: bool) -> dict:
    data = payload.dict(exclude_unset=unset)
    for name, (model, label) in REFS.items():
        if name in data:
            data[name] = _resolve(model, data[name], name, str(label))
    if "work_kinds" in data and data["work_kinds"] is not None:
        data["work_kinds"] = [str(k) for k in data["work_kinds"]]
    return data


@router.get(
    "",
    response={200: list[InstituteOut], **READ},
    summary="Research institutes the caller reads",
)
@paginate(ApiPagination)
def list_institutes(request, filters: Query[InstituteFilters]):
    _reader(request.auth)
    return [institute_body(i) for i in selectors.institute_list(request.auth, filters.q or "")]


@router.get(
    "/{id}",
    response={200: InstituteDetailOut, **ONE},
    summary="One research institute with its members, projects by stage and outputs",
)
def get_institute(request, id: IdPath):
    return institute_detail_body(_get(request.auth, id))


@router.post(
    "",
    response={201: InstituteDetailOut, **READ, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record a research institute (zone officials; park operators in their park)",
)
def create_institute(request, payload: InstituteIn):
    _reader(request.auth)
    _manager(request.auth)
    institute = services.institute_create(actor=request.auth, data=_data(payload, unset=False))
    return Status(201, institute_detail_body(institute))


@router.patch(
    "/{id}",
    response={200: InstituteDetailOut, **WRITE},
    summary="Change a research institute (only the fields given)",
)
def update_institute(request, id: IdPath, payload: InstitutePatchIn):
    institute = _get(request.auth, id)
    _manager(request.auth, institute)
    data = _data(payload, unset=True)
    for name in ("name", "level"):
        if name in data and data[name] is None:
            data.pop(name)  # a required field: null leaves it as it is
    institute = services.institute_update(actor=request.auth, institute=institute, data=data)
    return institute_detail_body(institute)


@router.post(
    "/{id}/members",
    response={201: MemberOut, **WRITE},
    summary="Add a member unit to a research institute (one lead per institute)",
)
def add_member(request, id: IdPath, payload: MemberIn):
    institute = _get(request.auth, id)
    _manager(request.auth, institute)
    member = services.member_add(
        actor=request.auth, institute=institute, data=_data(payload, unset=False)
    )
    return Status(201, member_body(member))


@router.delete(
    "/{id}/members/{member_id}",
    response={204: None, **WRITE},
    summary="Take a member unit off a research institute",
)
def remove_member(request, id: IdPath, member_id: IdPath):
    institute = _get(request.auth, id)
    _manager(request.auth, institute)
    member = institute.members.filter(pk=member_id).first()
    if member is None:
        raise Http404
    services.member_remove(actor=request.auth, member=member)
    return Status(204, None)
