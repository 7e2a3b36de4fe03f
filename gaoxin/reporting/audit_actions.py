"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflows import CAMPAIGN_WORKFLOW

AUDIT_ACTIONS = {
    "reporting.campaign.open": _("Reporting campaign opened"),
    **CAMPAIGN_WORKFLOW.audit_actions(),
    "reporting.campaign.remind": _("Reporting reminders sent"),
    "reporting.campaign.verify": _("Yearly reports verified"),
    "reporting.campaign.export": _("Reporting campaign exported"),
}
