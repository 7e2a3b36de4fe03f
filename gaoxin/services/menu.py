"""The services entries (服务): advisors, service requests, consultations, seminars, resource
matching, advisor tasks and the reports."""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.registry import menu_group

menu_group("services", _("Services"), "people")

# --- advisors (pool, reports) ---
# --- requests ---
# --- events (consultations, seminars) ---
# --- signals (resource matching, tasks, signal rules) ---
