"""The innovation entries (创新): research institutes and their projects."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_group, menu_item

menu_group("innovation", _("Innovation"), "lightbulb")

# --- institutes ---
menu_item(
    "innovation:institute_list",
    _("Research institutes"),
    "building-gear",
    order=690,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER],
    group="innovation",
)
# --- projects ---
menu_item(
    "innovation:project_list",
    _("Institute projects"),
    "kanban",
    order=695,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER],
    group="innovation",
)
