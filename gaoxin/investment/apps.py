from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "gaoxin.investment"
    label = "investment"
    verbose_name = _("Investment promotion")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from . import rules  # noqa: F401
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
