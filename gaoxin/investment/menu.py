"""The investment pipeline's entry (招商) in the parks dropdown: leads, with signings and the
funnel as tabs."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

menu_item(
    "investment:lead_list",
    _("Investment"),
    "binoculars",
    order=240,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER],
    group="parks",
)
