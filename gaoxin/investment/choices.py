from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LeadStatus(models.TextChoices):
    """contact → visit → negotiation → signed → settled → producing; dropped from before
    settling (with a reason), and a dropped lead can be reopened."""

    CONTACT = "contact", _("Contact")
    VISIT = "visit", _("Visit")
    NEGOTIATION = "negotiation", _("Negotiation")
    SIGNED = "signed", _("Signed")
    SETTLED = "settled", _("Settled")
    PRODUCING = "producing", _("Producing")
    DROPPED = "dropped", _("Dropped")


# The funnel's stages in order (dropped is not a stage of the funnel).
FUNNEL = (
    LeadStatus.CONTACT,
    LeadStatus.VISIT,
    LeadStatus.NEGOTIATION,
    LeadStatus.SIGNED,
    LeadStatus.SETTLED,
    LeadStatus.PRODUCING,
)


class LeadSource(models.TextChoices):
    CONFERENCE = "conference", _("Conference or event")
    REFERRAL = "referral", _("Referral")
    CHAIN = "chain", _("Chain partner (upstream or downstream)")
    ASSOCIATION = "association", _("Industry association")
    AGENCY = "agency", _("Investment agency")
    INBOUND = "inbound", _("Enquiry by the firm")
    OTHER = "other", pgettext_lazy("lead source", "Other")
