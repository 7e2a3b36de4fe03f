from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "gaoxin.experts"
    label = "experts"
    verbose_name = _("Expert review")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from . import rules  # noqa: F401
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
