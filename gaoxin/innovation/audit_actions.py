"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from .workflows import PROJECT_WORKFLOW

AUDIT_ACTIONS = {
    **PROJECT_WORKFLOW.audit_actions(),
    # --- institutes ---
    # --- projects ---
}
