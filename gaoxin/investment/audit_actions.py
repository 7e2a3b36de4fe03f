"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflows import LEAD_WORKFLOW

AUDIT_ACTIONS = {
    "investment.lead.create": _("Investment lead recorded"),
    "investment.lead.update": _("Investment lead changed"),
    "investment.signing.create": _("Signing recorded"),
    **LEAD_WORKFLOW.audit_actions(),
}
