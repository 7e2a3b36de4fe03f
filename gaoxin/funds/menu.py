"""The fund ledgers' entries: the officials' and auditors' 资金台账, the enterprise's 已享受政策."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

menu_item(
    "funds:fund_list",
    _("Fund ledgers"),
    "piggy-bank",
    order=670,
    roles=[Role.ZONE_OFFICIAL, Role.AUDITOR],
    group="policies",
)
menu_item(
    "funds:enjoyed",
    _("Benefits received"),
    "wallet2",
    order=665,
    roles=[Role.ENTERPRISE_USER],
    group="policies",
)
