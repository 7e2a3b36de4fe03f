"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "policies.policy.create": _("Policy created"),
    "policies.policy.update": _("Policy changed"),
    "policies.policy.articles": _("Policy articles set"),
    "policies.policy.publish": _("Policy version published"),
    "policies.policy.expire": _("Policy expired"),
    "policies.draft.save": _("Policy draft saved"),
    "policies.draft.discard": _("Policy draft discarded"),
    "policies.rematch": _("Matches recomputed"),
    "policies.matches.export": _("Matches exported"),
    "policies.sandbox.export": _("Sandbox comparison exported"),
    "policies.demo.load": _("Policy demo data loaded"),
}
