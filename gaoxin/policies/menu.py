"""The policies dropdown of the navigation bar (collected by gaoxin.core.registry). Grants
adds its entries to the same group from gaoxin/grants/menu.py."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_group, menu_item

menu_group("policies", pgettext_lazy("menu", "Policies"), "file-earmark-text")

menu_item(
    "policies:public_list", _("Support policies"), "file-earmark-text", order=600, group="policies"
)
menu_item(
    "policies:calculator",
    _("Policy calculator"),
    "calculator-fill",
    order=610,
    roles=[Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PARK_OPERATOR],
    group="policies",
)
menu_item(
    "policies:public_calculator",
    _("Policy calculator"),
    "calculator-fill",
    order=611,
    roles=[None],
    group="policies",
)
menu_item(
    "policies:manage_list",
    _("Policy management"),
    "pencil-square",
    order=620,
    roles=[Role.ZONE_OFFICIAL],
    group="policies",
)
