"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "events.event.create": _("Event created"),
    "events.event.update": _("Event changed"),
    "events.event.delete": _("Event deleted"),
    "events.organiser.add": _("Event organiser added"),
    "events.organiser.remove": _("Event organiser removed"),
    "events.talk.add": _("Event talk added"),
    "events.talk.remove": _("Event talk removed"),
    "events.advisor.add": _("Advisor appointed at an event"),
    "events.advisor.remove": _("Advisor appointment removed from an event"),
    "events.registration.create": _("Registered for an event"),
    "events.registration.cancel": _("Event registration cancelled"),
    "events.registration.export": _("Event registrations exported"),
}
