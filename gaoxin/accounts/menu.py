"""The administrators' entries of the navigation bar (collected by gaoxin.core.registry).

The user menu (password, API tokens, log out) is in templates/base.html."""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.registry import menu_item

from .choices import Role

menu_item(
    "accounts:user_list",
    _("Accounts"),
    "people",
    order=800,
    roles=[Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN],
)
menu_item(
    "accounts:organisation_list",
    _("Organisations"),
    "diagram-3",
    order=810,
    roles=[Role.SYSTEM_ADMIN],
)
menu_item(
    "accounts:login_policy",
    _("Login policy"),
    "shield-lock",
    order=820,
    roles=[Role.SECURITY_ADMIN],
)
menu_item(
    "core:holiday_list",
    _("Holiday arrangements"),
    "calendar3",
    order=830,
    roles=[Role.SECURITY_ADMIN],
)
