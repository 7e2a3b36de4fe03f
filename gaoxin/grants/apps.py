from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "gaoxin.grants"
    label = "grants"
    verbose_name = _("Benefits without application")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
