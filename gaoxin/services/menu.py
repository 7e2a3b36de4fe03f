"""The services entries (服务): advisors, service requests, consultations, seminars, resource
matching, advisor tasks and the reports."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_group, menu_item

menu_group("services", _("Services"), "people")

# --- advisors (pool, reports) ---
# --- requests ---
menu_item(
    "services:request_list",
    _("Service requests"),
    "chat-square-text",
    order=710,
    roles=[
        Role.ZONE_OFFICIAL,
        Role.PARK_OPERATOR,
        Role.PROVINCIAL_REVIEWER,
        Role.ENTERPRISE_USER,
        Role.ADVISOR,
    ],
    group="services",
)
menu_item(
    "services:settings",
    _("Service settings"),
    "sliders",
    order=780,
    roles=[Role.ZONE_OFFICIAL],
    group="services",
)
# --- events (consultations, seminars) ---
# --- signals (resource matching, tasks, signal rules) ---
