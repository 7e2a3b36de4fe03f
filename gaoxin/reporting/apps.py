from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "gaoxin.reporting"
    label = "reporting"
    verbose_name = _("Yearly reporting")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
        from . import rules  # noqa: F401  (registers the permissions)
