"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflows import ROUND_WORKFLOW

AUDIT_ACTIONS = {
    "grants.round.create": _("Grant round created"),
    "grants.round.pay": _("Grant round paid"),
    "grants.round.export": _("Grant round exported"),
    "grants.candidate.exclude": _("Grant candidate removed"),
    # before the round moved onto the transitions mechanism (events of that time keep it)
    "grants.notice.publish": _("Public notice published"),
    **ROUND_WORKFLOW.audit_actions(),
    "grants.objection.record": _("Objection recorded"),
    "grants.objection.resolve": _("Objection resolved"),
}
