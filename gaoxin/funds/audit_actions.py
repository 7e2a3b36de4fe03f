"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "funds.fund.create": _("Fund created"),
    "funds.fund.update": _("Fund edited"),
    "funds.commitment.create": _("Funds committed"),
    "funds.disbursement.create": _("Disbursement recorded"),
    "funds.commitment.release": _("Commitment released"),
    "funds.clawback.create": _("Payment clawed back"),
    "funds.export": _("Fund ledgers exported"),
}
