from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "gaoxin.services"
    label = "services"
    verbose_name = _("Services")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from . import receivers, rules  # noqa: F401 - registers receivers and permissions
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
