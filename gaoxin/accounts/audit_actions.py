"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "accounts.organisation.create": _("Organisation created"),
    "accounts.organisation.update": _("Organisation changed"),
    "accounts.user.create": _("Account created"),
    "accounts.user.update": _("Account changed"),
    "accounts.user.activate": _("Account reactivated"),
    "accounts.user.deactivate": _("Account deactivated"),
    "accounts.user.set_role": _("Role changed"),
    "accounts.user.reset_password": _("Password reset"),
    "accounts.user.change_password": _("Password changed"),
    "accounts.user.login": _("Logged in"),
    "accounts.user.logout": _("Logged out"),
    "accounts.user.login_failed": _("Login failed"),
    "accounts.user.lock": _("Account locked"),
    "accounts.user.unlock": _("Account unlocked"),
    "accounts.address.throttle": _("Address refused after repeated failed logins"),
    "accounts.login_policy.update": _("Login policy changed"),
    "accounts.api_token.create": _("API token created"),
    "accounts.api_token.revoke": _("API token revoked"),
}
