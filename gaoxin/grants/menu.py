"""免申即享's entries, in the policies dropdown (collected by gaoxin.core.registry)."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

menu_item(
    "grants:round_list",
    _("Benefit payouts"),
    "cash-coin",
    order=650,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER],
    group="policies",
)
menu_item(
    "grants:benefits_mine",
    _("Notices and payouts (免申即享)"),
    "award",
    order=660,
    roles=[Role.ENTERPRISE_USER],
    group="policies",
)
