"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "parks.park.create": _("Park created"),
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
