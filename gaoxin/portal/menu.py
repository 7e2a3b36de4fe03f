"""The public portal's entry of the navigation bar, for everyone (gaoxin.core.registry)."""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.registry import menu_item

menu_item("portal:policy_list", _("Public portal"), "globe2", order=900)
