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
    "services.advisor.create": _("Advisor appointed"),
    "services.advisor.update": _("Advisor changed"),
    "services.advisor.availability": _("Advisor availability set"),
    "services.advisor.end_term": _("Advisor term ended"),
    "services.domain.create": _("Service domain added"),
    "services.domain.update": _("Service domain changed"),
    "services.advisors.export": _("Advisor pool or service report exported"),
    # --- requests ---
    "services.request.create": _("Service request filed"),
    "services.request.unrouted": _("Service request: no advisor could take it"),
    "services.request.export": _("Service requests exported"),
    "services.settings.update": _("Service settings changed"),
    # --- events (consultations, seminars) ---
    "services.series.create": _("Consultation hours set"),
    "services.series.end": _("Consultation hours ended"),
    "services.seminar.create": _("Seminar added"),
    "services.seminar.update": _("Seminar changed"),
    "services.seat.register": _("Seminar registration"),
    "services.seat.export": _("Seminar registrations exported"),
    # --- signals (resource matching, tasks, signal rules) ---
    "services.match.create": _("Resource match recorded"),
    "services.match.update": _("Resource match changed"),
    "services.match.follow_up": _("Resource match followed up"),
    "services.task.create": _("Advisor task created by a signal"),
    "services.task.assign": _("Advisor task assigned"),
    "services.signal_rule.update": _("Signal rule set"),
    "services.signals.scan": _("Signals scanned"),
    "services.signals.export": _("Resource matches or advisor tasks exported"),
}
