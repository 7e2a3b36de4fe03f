"""The parks entries: a dropdown "Parks and clusters" (园区与产业集群) with the parks (and the
chain helper's clusters, which add themselves to the group "parks")."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_group, menu_item

PARK_READERS = [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER]

menu_group("parks", _("Parks and clusters"), "buildings")
menu_item("parks:list", _("Parks"), "houses", order=230, roles=PARK_READERS, group="parks")
menu_item(
    "clusters:list",
    _("Industrial clusters"),
    "diagram-2",
    order=235,
    roles=PARK_READERS,
    group="parks",
)
