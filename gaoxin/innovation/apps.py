from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "gaoxin.innovation"
    label = "innovation"
    verbose_name = _("Innovation")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from . import rules  # noqa: F401 - registers the permissions
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
