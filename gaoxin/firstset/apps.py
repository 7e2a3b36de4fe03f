from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirstsetConfig(AppConfig):
    name = "gaoxin.firstset"
    label = "firstset"
    verbose_name = _("First-set equipment insurance compensation")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)

        from . import signals  # noqa: F401  (applications' transitions move the program's records)
        from .programs import register_programs

        register_programs()
