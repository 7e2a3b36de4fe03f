"""The services entries (服务): advisors, service requests, consultations, seminars, resource
matching, advisor tasks and the reports."""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.registry import menu_group, menu_item

menu_group("services", _("Services"), "people")

# --- advisors (pool, reports) ---
# --- requests ---
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
