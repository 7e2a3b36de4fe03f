"""Writes of parks, their supporting platforms, buildings and spaces.

Each service checks that the actor manages the park (``actor=None`` is the system: the demo
loader), runs ``full_clean()`` (a refusal is a ``DomainError`` naming the field), saves, and
records the audit event in the same transaction. A unit's occupancy moves only through
``space_set_occupancy``, with a reason: free ↔ reserved ↔ occupied, naming the enterprise
(one of the park's zone) unless free.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.audit.changes import field_changes, snapshot
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError

from . import rules as park_rules
from .choices import Occupancy
from .models import Building, Park, Platform, Space

PARK_FIELDS = (
    "name",
    "operator",
    "focus",
    "recognitions",
    "description",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
    "is_public",
)
PLATFORM_FIELDS = ("name", "kind", "offers", "contact_name", "contact_phone", "contact_email")
PLATFORM_FIELDS += ("order",)
BUILDING_FIELDS = ("name", "floors", "note")
SPACE_FIELDS = ("code", "floor", "area", "use", "monthly_rent", "available_from", "note")
OCCUPANCY_FIELDS = ("occupancy", "occupant", "available_from")


# --- checks --------------------------------------------------------------------------------

DUPLICATE_CODES = {"unique", "unique_together"}


class ParkConflict(DomainError):
    """The request is well formed but the state refuses it (the unit already so)."""

    status = 409


def _require_manager(actor, park: Park) -> None:
    if actor is not None and not park_rules.can_manage_park(actor, park):
        raise PermissionDeniedError(
            _("Only the officials of the park's zone and its operator manage the park.")
        )


def _clean(obj, default_field: str | None = None) -> None:
    """``full_clean()``; the first error becomes a DomainError naming its field (errors of
    the whole object, such as a constraint, are put on ``default_field``)."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        name, errors = next(iter(exc.error_dict.items()))
        field = default_field if name == NON_FIELD_ERRORS else name
        message = errors[0].messages[0]
        duplicate = errors[0].code in DUPLICATE_CODES or message in _unique_messages(obj)
        code = "duplicate" if duplicate else "invalid"
        raise DomainError(message, code=code, field=field) from exc


def _unique_messages(obj) -> set[str]:
    """The messages of the model's unique constraints (their violations carry no code)."""
    return {
        str(c.violation_error_message)
        for c in obj._meta.constraints
        if isinstance(c, models.UniqueConstraint)
    }


def _decimal(value, field: str, *, required: bool) -> Decimal | None:
    """A Decimal from a Decimal, an int or a string; never a float."""
    if value in (None, ""):
        if required:
            raise DomainError(_("This field is required."), field=field)
        return None
    if isinstance(value, float | bool) or not isinstance(value, Decimal | int | str):
        raise DomainError(_("Give a decimal number, e.g. 120.50."), field=field)
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise DomainError(_("Give a decimal number, e.g. 120.50."), field=field) from exc
    if not number.is_finite() or number < 0:
        raise DomainError(_("Give a number that is not negative."), field=field)
    return number


def _apply(obj, data: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(unknown)},
            field=sorted(unknown)[0],
        )
    for name, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)


def _space_numbers(data: dict) -> dict:
    data = dict(data)
    if "area" in data:
        data["area"] = _decimal(data["area"], "area", required=True)
        if data["area"] <= 0:
            raise DomainError(_("The area must be more than 0 m²."), field="area")
    if "monthly_rent" in data:
        data["monthly_rent"] = _decimal(data["monthly_rent"], "monthly_rent", required=False)
    return data


# --- parks ---------------------------------------------------------------------------------


def _check_operator(park: Park) -> None:
    operator = park.operator
    if operator.kind != OrganisationKind.PARK_OPERATOR or operator.zone_id != park.zone_id:
        raise DomainError(
            _("Choose one of the zone's park operators as the operator."), field="operator"
        )


@transaction.atomic
def park_create(*, actor, zone=None, is_sample: bool = False, reason: str = "", **data) -> Park:
    """A new park of the actor's zone (zone officials), run by one of the zone's operators."""
    if actor is not None:
        if not park_rules.can_create_park(actor) or actor.zone is None:
            raise PermissionDeniedError(_("Only the zone's officials create parks."))
        zone = actor.zone
    if zone is None:
        raise DomainError(_("Say which zone the park belongs to."), field="zone")
    if not data.get("operator"):
        raise DomainError(_("Choose the park's operator."), field="operator")
    park = Park(zone=zone, is_sample=is_sample)
    _apply(park, data, PARK_FIELDS)
    _check_operator(park)
    _clean(park, "name")
    park.save()
    record(
        action="parks.park.create",
        actor=actor,
        obj=park,
        summary=_("Created park %(name)s") % {"name": park.name},
        data={"operator_id": park.operator_id, "zone_id": park.zone_id},
        reason=reason,
    )
    return park


@transaction.atomic
def park_update(*, actor, park: Park, reason: str = "", **data) -> Park:
    """Edit a park's file. The operator is changed by the zone's officials only."""
    park = Park.objects.select_for_update().get(pk=park.pk)
    _require_manager(actor, park)
    changes_operator = "operator" in data and data["operator"] != park.operator
    if changes_operator and actor is not None and actor.role != Role.ZONE_OFFICIAL:
        raise PermissionDeniedError(_("Only the zone's officials change a park's operator."))
    before = snapshot(park, PARK_FIELDS)
    _apply(park, data, PARK_FIELDS)
    _check_operator(park)
    _clean(park, "name")
    park.save()
    record(
        action="parks.park.update",
        actor=actor,
        obj=park,
        summary=_("Edited park %(name)s") % {"name": park.name},
        reason=reason,
        changes=field_changes(before, snapshot(park, PARK_FIELDS)),
    )
    return park


# --- platforms -----------------------------------------------------------------------------


@transaction.atomic
def platform_create(
    *, actor, park: Park, is_sample: bool = False, reason: str = "", **data
) -> Platform:
    _require_manager(actor, park)
    platform = Platform(park=park, is_sample=is_sample)
    _apply(platform, data, PLATFORM_FIELDS)
    _clean(platform, "name")
    platform.save()
    record(
        action="parks.platform.create",
        actor=actor,
        obj=platform,
        summary=_("Added the platform %(name)s to %(park)s")
        % {"name": platform.name, "park": park.name},
        data={"park": park.pk},
        reason=reason,
    )
    return platform


@transaction.atomic
def platform_update(*, actor, platform: Platform, reason: str = "", **data) -> Platform:
    platform = Platform.objects.select_for_update().select_related("park").get(pk=platform.pk)
    _require_manager(actor, platform.park)
    before = snapshot(platform, PLATFORM_FIELDS)
    _apply(platform, data, PLATFORM_FIELDS)
    _clean(platform, "name")
    platform.save()
    record(
        action="parks.platform.update",
        actor=actor,
        obj=platform,
        summary=_("Edited the platform %(name)s of %(park)s")
        % {"name": platform.name, "park": platform.park.name},
        data={"park": platform.park_id},
        changes=field_changes(before, snapshot(platform, PLATFORM_FIELDS)),
        reason=reason,
    )
    return platform


@transaction.atomic
def platform_delete(*, actor, platform: Platform, reason: str = "") -> None:
    platform = Platform.objects.select_related("park").get(pk=platform.pk)
    _require_manager(actor, platform.park)
    record(
        action="parks.platform.delete",
        actor=actor,
        obj=platform,
        summary=_("Deleted the platform %(name)s of %(park)s")
        % {"name": platform.name, "park": platform.park.name},
        data={"park": platform.park_id, **snapshot(platform, PLATFORM_FIELDS)},
        reason=reason,
    )
    platform.delete()


# --- buildings -----------------------------------------------------------------------------


@transaction.atomic
def building_create(
    *, actor, park: Park, is_sample: bool = False, reason: str = "", **data
) -> Building:
    _require_manager(actor, park)
    building = Building(park=park, is_sample=is_sample)
    _apply(building, data, BUILDING_FIELDS)
    _clean(building, "name")
    building.save()
    record(
        action="parks.building.create",
        actor=actor,
        obj=building,
        summary=_("Added the building %(name)s to %(park)s")
        % {"name": building.name, "park": park.name},
        data={"park": park.pk},
        reason=reason,
    )
    return building


@transaction.atomic
def building_update(*, actor, building: Building, reason: str = "", **data) -> Building:
    building = Building.objects.select_for_update().select_related("park").get(pk=building.pk)
    _require_manager(actor, building.park)
    before = snapshot(building, BUILDING_FIELDS)
    _apply(building, data, BUILDING_FIELDS)
    _clean(building, "name")
    building.save()
    record(
        action="parks.building.update",
        actor=actor,
        obj=building,
        summary=_("Edited the building %(name)s") % {"name": building},
        data={"park": building.park_id},
        changes=field_changes(before, snapshot(building, BUILDING_FIELDS)),
        reason=reason,
    )
    return building


# --- spaces --------------------------------------------------------------------------------


@transaction.atomic
def space_create(
    *, actor, building: Building, is_sample: bool = False, reason: str = "", **data
) -> Space:
    """A new unit of ``building``; it starts free (occupancy moves by space_set_occupancy)."""
    _require_manager(actor, building.park)
    space = Space(building=building, occupancy=Occupancy.FREE, is_sample=is_sample)
    _apply(space, _space_numbers(data), SPACE_FIELDS)
    _clean(space, "code")
    space.save()
    record(
        action="parks.space.create",
        actor=actor,
        obj=space,
        summary=_("Added the unit %(space)s (%(area)s m²) to %(park)s")
        % {"space": space, "area": space.area, "park": building.park.name},
        data={"park": building.park_id, "building": building.pk},
        reason=reason,
    )
    return space


def _locked_space(space: Space) -> Space:
    return Space.objects.select_for_update().select_related("building__park").get(pk=space.pk)


@transaction.atomic
def space_update(*, actor, space: Space, reason: str = "", **data) -> Space:
    space = _locked_space(space)
    _require_manager(actor, space.building.park)
    before = snapshot(space, SPACE_FIELDS)
    _apply(space, _space_numbers(data), SPACE_FIELDS)
    _clean(space, "code")
    space.save()
    record(
        action="parks.space.update",
        actor=actor,
        obj=space,
        summary=_("Edited the unit %(space)s") % {"space": space},
        data={"park": space.building.park_id},
        changes=field_changes(before, snapshot(space, SPACE_FIELDS)),
        reason=reason,
    )
    return space


def _check_occupancy(space: Space, occupancy: str, occupant, actor) -> None:
    if occupancy not in Occupancy.values:
        raise DomainError(
            _("Choose free, reserved or occupied as the occupancy."), field="occupancy"
        )
    if occupancy == Occupancy.FREE:
        return
    if occupant is None:
        raise DomainError(
            _("Choose the enterprise the unit is reserved for or let to."), field="occupant"
        )
    if occupant.zone_id != space.building.park.zone_id:
        raise DomainError(_("The enterprise must be one of the park's zone."), field="occupant")
    if (
        getattr(actor, "role", None) == Role.PARK_OPERATOR
        and occupant.park_id is not None
        and occupant.park.operator_id != actor.organisation_id
    ):
        raise DomainError(
            _("The enterprise must be in one of your parks or in no park yet."), field="occupant"
        )
    if occupancy == space.occupancy and occupant.pk == space.occupant_id:
        raise ParkConflict(
            _("The unit already has this occupancy and this enterprise; nothing changes."),
            code="unchanged",
            field="occupancy",
        )


def _reason(reason) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise DomainError(
            _("Say why the occupancy changes (e.g. the lease signed, the reservation lapsed)."),
            field="reason",
        )
    if len(text) > 500:
        raise DomainError(_("At most %(n)d characters, please.") % {"n": 500}, field="reason")
    return text


def _occupancy_summary(space: Space) -> str:
    who = f" · {space.occupant.name}" if space.occupant_id else ""
    return _("Unit %(space)s: %(state)s%(who)s") % {
        "space": space,
        "state": space.get_occupancy_display(),
        "who": who,
    }


@transaction.atomic
def space_set_occupancy(
    *,
    actor,
    space: Space,
    occupancy: str,
    occupant=None,
    reason: str,
    available_from: datetime.date | None = None,
) -> Space:
    """Free a unit, reserve it for an enterprise or let it to one (with a reason). A freed
    unit loses its occupant; ``available_from`` says when it can be offered again."""
    space = _locked_space(space)
    _require_manager(actor, space.building.park)
    reason = _reason(reason)
    if occupancy == Occupancy.FREE and space.occupancy == Occupancy.FREE:
        raise ParkConflict(
            _("The unit is already free; nothing changes."), code="unchanged", field="occupancy"
        )
    _check_occupancy(space, occupancy, occupant, actor)
    before = snapshot(space, OCCUPANCY_FIELDS)
    space.occupancy = occupancy
    space.occupant = None if occupancy == Occupancy.FREE else occupant
    if available_from is not None or occupancy != Occupancy.FREE:
        space.available_from = available_from
    _clean(space, "occupant")
    space.save()
    record(
        action="parks.space.occupancy",
        actor=actor,
        obj=space,
        summary=_occupancy_summary(space),
        data={"park": space.building.park_id, "occupant": space.occupant_id},
        reason=reason,
        changes=field_changes(before, snapshot(space, OCCUPANCY_FIELDS)),
    )
    return space


def export_recorded(*, actor, park: Park, rows: int) -> None:
    """An export of a park's spaces leaves a trace in the audit trail."""
    with transaction.atomic():
        record(
            action="parks.park.export",
            actor=actor,
            obj=park,
            summary=_("Exported %(n)d spaces of %(park)s") % {"n": rows, "park": park.name},
            data={"rows": rows},
        )
