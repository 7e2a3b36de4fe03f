"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflows import (
    MATCH_WORKFLOW,
    REQUEST_WORKFLOW,
    SEAT_WORKFLOW,
    SEMINAR_WORKFLOW,
    SLOT_WORKFLOW,
    TASK_WORKFLOW,
)

AUDIT_ACTIONS = {
    **REQUEST_WORKFLOW.audit_actions(),
    **SLOT_WORKFLOW.audit_actions(),
    **SEMINAR_WORKFLOW.audit_actions(),
    **SEAT_WORKFLOW.audit_actions(),
    **MATCH_WORKFLOW.audit_actions(),
    **TASK_WORKFLOW.audit_actions(),
    # --- advisors (pool, reports) ---
    # --- requests ---
    "services.request.create": _("Service request filed"),
    "services.request.unrouted": _("Service request: no advisor could take it"),
    "services.request.export": _("Service requests exported"),
    "services.settings.update": _("Service settings changed"),
    # --- events (consultations, seminars) ---
    # --- signals (resource matching, tasks, signal rules) ---
}
