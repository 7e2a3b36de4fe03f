"""The expert pool's entries (advisors' services band) and an expert's own score sheets."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

menu_item(
    "experts:expert_list",
    _("Expert pool"),
    "person-badge",
    order=450,
    roles=[Role.ZONE_OFFICIAL, Role.AUDITOR],
)
menu_item(
    "experts:mine",
    _("My score sheets"),
    "clipboard-check",
    order=460,
    roles=[Role.ADVISOR],
)
