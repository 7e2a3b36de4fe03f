"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflows import LEAD_WORKFLOW

AUDIT_ACTIONS = {
    "investment.lead.create": _("Investment lead recorded"),
    "investment.lead.update": _("Investment lead changed"),
    "investment.signing.create": _("Signing recorded"),
    "investment.segment_membership.create": _("Settled firm added to its chain segment"),
    "investment.export": _("Investment pipeline exported"),
    "investment.signing.download": _("Signing agreement downloaded"),
    **LEAD_WORKFLOW.audit_actions(),
}
