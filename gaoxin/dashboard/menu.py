"""The dashboard's entries of the navigation bar (collected by gaoxin.core.registry)."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

READERS = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)

menu_item("dashboard:home", _("Overview"), "speedometer2", order=100, roles=READERS)
menu_item(
    "dashboard:advisor_home", _("My services"), "person-workspace", order=400, roles=[Role.ADVISOR]
)
