"""Yearly reporting's entry of the navigation bar (collected by gaoxin.core.registry)."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

menu_item(
    "reporting:campaign_list",
    _("Yearly reporting"),
    "calendar-check",
    order=300,
    roles=[Role.ZONE_OFFICIAL],
)
