"""The registry's rules that more than one write path applies: registering and editing an
enterprise (services.enterprises: the page, the API, the command line, the demo loader) and the
Excel import (io/), which checks a thousand rows at once. Pure functions of data the caller has
already loaded, so one enterprise and a batch are judged by the same rule and cannot drift apart.

- Parks: a park operator's enterprises stay in the parks it operates, and every enterprise in
  its zone's parks.
- Organisation names: an enterprise's organisation (the one its users belong to) carries the
  enterprise's name, and organisation names are unique. A new enterprise takes over an
  enterprise organisation of its zone made before its file (e.g. by the system administrator)
  that no enterprise uses yet; a renamed enterprise renames its organisation while that still
  carries the old name.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from django.utils.translation import gettext as _

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation

# --- parks ---------------------------------------------------------------------------------


def park_required(actor) -> bool:
    """A park operator puts every enterprise in one of its parks; the zone (and the system,
    actor None) may leave the park empty."""
    return actor is not None and actor.role == Role.PARK_OPERATOR


def park_problem(actor, park, zone_id: int | None) -> str | None:
    """Why `actor` may not put an enterprise of the zone `zone_id` in `park` (a Park or None);
    None when it may. `zone_id` None: the zone follows from the park (a park operator's new
    enterprise)."""
    if park_required(actor):
        if park is None:
            return _("Choose one of the parks your organisation operates.")
        if park.operator_id != actor.organisation_id:
            return _("Your organisation does not operate this park.")
    if park is not None and zone_id is not None and park.zone_id != zone_id:
        return _("This park is in another zone.")
    return None


# --- the enterprise's organisation -----------------------------------------------------------


def organisation_follows_name(organisation: Organisation | None, name: str) -> bool:
    """Whether the enterprise's organisation is renamed with it: while it still carries the
    enterprise's `name` (the name before the rename). One renamed on its own keeps its name."""
    return organisation is not None and organisation.name == name


class NameHolder(NamedTuple):
    """The organisation that already carries a name: its id, kind, zone and the id of the
    enterprise using it (None: none)."""

    pk: int
    kind: str
    zone_id: int | None
    enterprise_id: int | None


# Load a NameHolder with Organisation.objects.values_list(*NAME_HOLDER_FIELDS).
NAME_HOLDER_FIELDS = ("pk", "kind", "zone_id", "enterprise")


class NameClaim(enum.Enum):
    OWN = "own"  # the enterprise's own organisation carries the name already
    LINK = "link"  # a new enterprise takes over the organisation made before its file
    TAKEN = "taken"  # another organisation's name: refused


def name_claim(
    holder: NameHolder, *, own_organisation_id: int | None, zone_id: int | None
) -> NameClaim:
    """What an enterprise in the zone `zone_id` meets when it claims a name that `holder`
    carries. `own_organisation_id` is its organisation's id; None for a new enterprise that has
    none yet, the only one that may take over an organisation."""
    if own_organisation_id is not None and holder.pk == own_organisation_id:
        return NameClaim.OWN
    linkable = (
        own_organisation_id is None
        and zone_id is not None
        and holder.kind == OrganisationKind.ENTERPRISE
        and holder.zone_id == zone_id
        and holder.enterprise_id is None
    )
    return NameClaim.LINK if linkable else NameClaim.TAKEN


def name_taken_message() -> str:
    return _(
        "Another organisation is already registered under this name; "
        "enter the enterprise's full registered name."
    )


def new_enterprise_organisation(
    *, name: str, zone: Organisation, region_code: str, is_sample: bool
) -> Organisation:
    """The organisation (unsaved) of a new enterprise that has none to take over: its name,
    zone and region."""
    return Organisation(
        name=name,
        kind=OrganisationKind.ENTERPRISE,
        zone=zone,
        region_code=region_code,
        is_sample=is_sample,
    )
