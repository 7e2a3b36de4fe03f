"""What an import may touch: the zone new enterprises join, the parks rows may name, and the
enterprises rows may update. The same rules as registering and editing on the page (the park
rule is domain.park_problem's): a zone official works in its zone; a park operator only in the
parks it operates; an existing credit code outside that scope is refused, never moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Organisation
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.parks.models import Park

from .. import domain, scoping
from ..models import Enterprise


@dataclass
class ImportScope:
    zone: Organisation
    actor: object | None  # the User, or None for the system (command line without --actor)
    enterprises: QuerySet[Enterprise]
    parks: dict[str, Park] = field(default_factory=dict)  # by name

    @property
    def park_required(self) -> bool:
        return domain.park_required(self.actor)

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
    return ImportScope(
        zone=zone,
        actor=user,
        enterprises=scoping.visible_enterprises(user),
        parks=_parks(user, zone),
    )


def scope_for_zone(zone: Organisation) -> ImportScope:
    """The system's scope in one zone (the command line without --actor)."""
    return ImportScope(
        zone=zone,
        actor=None,
        enterprises=Enterprise.objects.filter(zone=zone),
        parks=_parks(None, zone),
    )


def _parks(actor, zone: Organisation) -> dict[str, Park]:
    """The zone's parks the actor may put enterprises in, by name."""
    return {
        park.name: park
        for park in Park.objects.filter(zone=zone)
        if domain.park_problem(actor, park, zone.pk) is None
    }
