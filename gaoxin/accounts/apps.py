from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gaoxin.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
