"""The labels of the audit actions this app records (registered in ``apps.py``)."""

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
    # --- signals (resource matching, tasks, signal rules) ---
}
