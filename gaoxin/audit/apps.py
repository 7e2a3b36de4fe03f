from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gaoxin.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from .actions import AUDIT_ACTIONS, register_actions

        register_actions(AUDIT_ACTIONS)
        from gaoxin.core.registry import set_audit_recorder, set_change_counter

        from .selectors import latest_event_id
        from .services import record

        set_audit_recorder(record)  # core's scheduler audits through it, without importing us
        set_change_counter(latest_event_id)  # what core's figure cache keys on
