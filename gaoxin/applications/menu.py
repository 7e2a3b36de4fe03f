"""Applications' entries in the navigation bar (policies dropdown, 670–689)."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

menu_item(
    "applications:mine",
    _("My applications"),
    "file-earmark-text",
    order=670,
    roles=[Role.ENTERPRISE_USER],
    group="policies",
)
menu_item(
    "applications:review_queue",
    _("Reviews"),
    "clipboard-check",
    order=675,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER],
    group="policies",
)
menu_item(
    "applications:overview",
    _("Applications"),
    "folder2-open",
    order=680,
    roles=[Role.ZONE_OFFICIAL, Role.AUDITOR],
    group="policies",
)
menu_item(
    "applications:stage_policies",
    _("Review stages"),
    "diagram-3",
    order=685,
    roles=[Role.ZONE_OFFICIAL],
    group="policies",
)
