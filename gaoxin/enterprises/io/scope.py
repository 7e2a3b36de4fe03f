"""What an import may touch: the zone new enterprises join, the parks rows may name, and the
enterprises rows may update. The same rules as registering and editing on the page
(services.enterprises): a zone official works in its zone; a park operator only in the parks it
operates; an existing credit code outside that scope is refused, never moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.parks.models import Park

from .. import scoping
from ..models import Enterprise


@dataclass
class ImportScope:
    zone: Organisation
    actor: object | None  # the User, or None for the system (command line without --actor)
    enterprises: QuerySet[Enterprise]
    parks: dict[str, Park] = field(default_factory=dict)  # by name
    park_required: bool = False

    def park_names(self) -> list[str]:
        return sorted(self.parks)


def scope_for_user(user) -> ImportScope:
    """The importer's scope; PermissionDeniedError for users who may not import."""
    if not scoping.can_import(user):
        raise PermissionDeniedError(
            _("Only zone officials and park operators can import enterprises.")
        )
    zone = user.zone
    if zone is None:
        raise PermissionDeniedError(_("Your organisation does not belong to a zone."))
    if user.role == Role.PARK_OPERATOR:
        parks = Park.objects.filter(operator_id=user.organisation_id, zone=zone)
    else:
        parks = Park.objects.filter(zone=zone)
    return ImportScope(
        zone=zone,
        actor=user,
        enterprises=scoping.visible_enterprises(user),
        parks={park.name: park for park in parks},
        park_required=user.role == Role.PARK_OPERATOR,
    )


def scope_for_zone(zone: Organisation) -> ImportScope:
    """The system's scope in one zone (the command line without --actor)."""
    return ImportScope(
        zone=zone,
        actor=None,
        enterprises=Enterprise.objects.filter(zone=zone),
        parks={park.name: park for park in Park.objects.filter(zone=zone)},
    )
