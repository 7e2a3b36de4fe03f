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

        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from .idle import mark_login
        from .models import forget_current_policy

        user_logged_in.connect(mark_login, dispatch_uid="accounts.idle_mark_login")
        # a flush (between transactional tests) or a migration may change the policy row
        post_migrate.connect(forget_current_policy, dispatch_uid="accounts.forget_policy")
