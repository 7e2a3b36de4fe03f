"""The kinds of ledger entry (资金台账分录)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    DISBURSEMENT = "disbursement", _("Disbursement")
    RELEASE = "release", _("Release")
    CLAWBACK = "clawback", _("Claw-back")


# The kinds that move money out of the treasury or back into it need a payment reference.
REFERENCED_KINDS = (EntryKind.DISBURSEMENT, EntryKind.CLAWBACK)
