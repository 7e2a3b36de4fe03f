"""The services entries (服务): advisors, service requests, consultations, seminars, resource
matching, advisor tasks and the reports."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_group, menu_item

menu_group("services", _("Services"), "people")

# --- advisors (pool, reports) ---
menu_item(
    "services:advisor_list",
    _("Advisors"),
    "person-badge",
    order=700,
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
    "services:report_advisors",
    _("Service reports"),
    "bar-chart-line",
    order=760,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER],
    group="services",
)
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
_EVENT_ROLES = [
    "zone_official",
    "park_operator",
    "provincial_reviewer",
    "enterprise_user",
    "advisor",
]
menu_item(
    "services:consultation_list",
    _("Consultations"),
    "calendar-week",
    order=720,
    roles=_EVENT_ROLES,
    group="services",
)
menu_item(
    "services:seminar_list", _("Seminars"), "easel", order=730, roles=_EVENT_ROLES, group="services"
)
# --- signals (resource matching, tasks, signal rules) ---
menu_item(
    "services:match_list",
    _("Resource matching"),
    "link-45deg",
    order=740,
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
    "services:task_list",
    _("Advisor tasks"),
    "list-check",
    order=750,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.ADVISOR],
    group="services",
)
menu_item(
    "services:signal_rules",
    _("Signal rules"),
    "broadcast",
    order=770,
    roles=[Role.ZONE_OFFICIAL],
    group="services",
)
