"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "notifications.notify": _("Notification sent"),
    "notifications.push": _("Notification pushed"),
    "notifications.subscriptions.set": _("Subscriptions changed"),
}
