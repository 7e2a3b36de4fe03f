"""The registry's entries of the navigation bar (collected by gaoxin.core.registry)."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

READERS = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)

menu_item(
    "enterprises:mine", _("My enterprise"), "building", order=200, roles=[Role.ENTERPRISE_USER]
)
menu_item("enterprises:list", _("Enterprises"), "buildings", order=210, roles=READERS)
menu_item(
    "enterprises:verification_queue",
    _("Verification"),
    "patch-check",
    order=220,
    roles=[Role.ZONE_OFFICIAL],
)
