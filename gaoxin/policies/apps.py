from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PoliciesConfig(AppConfig):
    name = "gaoxin.policies"
    label = "policies"
    # The context keeps it apart from "Policies" of the first-set pages (insurance policies, 保单).
    verbose_name = pgettext_lazy("menu", "Policies")

    def ready(self) -> None:
        from gaoxin.audit.actions import register_actions

        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
        from . import rules  # noqa: F401  (registers the permissions)
