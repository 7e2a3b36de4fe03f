from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LeadStatus(models.TextChoices):
    """contact → visit → negotiation → signed → settled → producing; dropped from before
    settling (with a reason), and a dropped lead can be reopened."""

    CONTACT = "contact", pgettext_lazy("lead status", "Contact")
    VISIT = "visit", pgettext_lazy("lead status", "Visit")
    NEGOTIATION = "negotiation", pgettext_lazy("lead status", "Negotiation")
    SIGNED = "signed", pgettext_lazy("lead status", "Signed")
    SETTLED = "settled", pgettext_lazy("lead status", "Settled")
    PRODUCING = "producing", pgettext_lazy("lead status", "Producing")
    DROPPED = "dropped", pgettext_lazy("lead status", "Dropped")


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
