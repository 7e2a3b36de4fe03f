"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "parks.park.create": _("Park created"),
    "parks.park.update": _("Park edited"),
    "parks.park.export": _("Park spaces exported"),
    "parks.platform.create": _("Supporting platform added"),
    "parks.platform.update": _("Supporting platform edited"),
    "parks.platform.delete": _("Supporting platform deleted"),
    "parks.building.create": _("Building added"),
    "parks.building.update": _("Building edited"),
    "parks.space.create": _("Space added"),
    "parks.space.update": _("Space edited"),
    "parks.space.occupancy": _("Space occupancy changed"),
}
