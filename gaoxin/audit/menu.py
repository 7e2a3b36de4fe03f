"""The audit trail's entry of the navigation bar (collected by gaoxin.core.registry)."""

from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_item

menu_item("audit:event_list", _("Audit trail"), "journal-check", order=700, roles=[Role.AUDITOR])
