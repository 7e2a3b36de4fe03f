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
    # --- events (consultations, seminars) ---
    "services.series.create": _("Consultation hours set"),
    "services.series.end": _("Consultation hours ended"),
    "services.seminar.create": _("Seminar added"),
    "services.seminar.update": _("Seminar changed"),
    "services.seat.register": _("Seminar registration"),
    "services.seat.export": _("Seminar registrations exported"),
    # --- signals (resource matching, tasks, signal rules) ---
}
