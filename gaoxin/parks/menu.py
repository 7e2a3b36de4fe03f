"""The parks app's entries of the navigation bar (collected by gaoxin.core.registry)."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

# clusters
menu_item(
    "clusters:list",
    _("Industrial clusters"),
    "diagram-2",
    order=240,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER],
)
