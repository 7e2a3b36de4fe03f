from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gaoxin.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
