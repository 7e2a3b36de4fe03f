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

# clusters
AUDIT_ACTIONS.update(
    {
        "parks.cluster.create": _("Cluster created"),
        "parks.cluster.update": _("Cluster edited"),
        "parks.segment.create": _("Chain segment created"),
        "parks.segment.update": _("Chain segment edited"),
        "parks.segment.delete": _("Chain segment deleted"),
        "parks.segment.advisors": _("Chain segment advisors set"),
        "parks.membership.add": _("Enterprise added to a chain segment"),
        "parks.membership.remove": _("Enterprise removed from a chain segment"),
        "parks.target.create": _("Cluster target created"),
        "parks.target.update": _("Cluster target edited"),
        "parks.milestone.set": _("Target milestone set"),
        "parks.cluster.export": _("Cluster data exported"),
        "parks.demo.clusters": _("Sample clusters loaded"),
    }
)
