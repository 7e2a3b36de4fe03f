from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    POLICY_MATCH = "policy_match", _("Policy match")
    POLICY_TAG = "policy_tag", _("Subscribed tag")
