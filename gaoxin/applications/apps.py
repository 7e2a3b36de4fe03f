from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gaoxin.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from . import inbox, rules  # noqa: F401  (permissions; notifications on transitions)
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
