"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "events.event.create": _("Event created"),
    "events.event.update": _("Event changed"),
    "events.registration.create": _("Registered for an event"),
    "events.registration.cancel": _("Event registration cancelled"),
}
