"""The dropdown "Parks and investment" (园区与招商): the parks, the clusters with their chain
maps, and the investment pipeline (which adds itself to the group "parks")."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_group, menu_item

PARK_READERS = [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER]

menu_group("parks", _("Parks and investment"), "buildings")
menu_item("parks:list", _("Parks"), "houses", order=230, roles=PARK_READERS, group="parks")
menu_item(
    "clusters:list",
    _("Industrial clusters"),
    "diagram-2",
    order=235,
    roles=PARK_READERS,
    group="parks",
)
