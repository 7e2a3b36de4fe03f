from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryMode(models.TextChoices):
    APPLY = "apply", _("Apply")
    NO_APPLICATION = "no_application", _("No application needed (免申即享)")


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")


class MatchStatus(models.TextChoices):
    MET = "met", _("Met")
    NEARLY_MET = "nearly_met", _("Nearly met")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("Unknown: a fact is missing")
