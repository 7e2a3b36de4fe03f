"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "grants.round.create": _("Grant round created"),
    "grants.round.confirm": _("Grant round confirmed"),
    "grants.round.pay": _("Grant round paid"),
    "grants.round.export": _("Grant round exported"),
    "grants.candidate.exclude": _("Grant candidate removed"),
    "grants.notice.publish": _("Public notice published"),
    "grants.objection.record": _("Objection recorded"),
    "grants.objection.resolve": _("Objection resolved"),
}
