from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    SIGNING = "signing", _("Signing ceremony")
    APPOINTMENT = "appointment", _("Advisor appointment")
    TALK = "talk", _("Talk")
    BRIEFING = "briefing", _("Policy briefing")
    UNVEILING = "unveiling", _("Unveiling")
    OTHER = "other", pgettext_lazy("event kind", "Other")


class OrganiserRole(models.TextChoices):
    """指导单位 · 主办单位 · 承办单位 · 协办单位"""

    GUIDING = "guiding", _("Guiding unit")
    HOSTING = "hosting", _("Host")
    UNDERTAKING = "undertaking", _("Organiser (undertaking unit)")
    SUPPORTING = "supporting", _("Supporting unit")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("registration status", "Registered")
    CANCELLED = "cancelled", _("Cancelled")
