"""The yearly reporting campaign's workflow on the one transitions mechanism
(``gaoxin.core.transitions``, ADR 0005): open ─close─▶ closed."""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import Workflow, transition

from .choices import CampaignStatus

CAMPAIGN_WORKFLOW = Workflow(
    key="reporting.campaign",
    model="reporting.Campaign",
    states=CampaignStatus,
    verbose_name=_("Yearly reporting"),
    transitions=[
        transition("close", CampaignStatus.OPEN, CampaignStatus.CLOSED, _("Close")),
    ],
)
