"""Which parks and clusters a user may see and manage. Every read of this app starts here.

- zone official: the parks and clusters of their zone (and manages them);
- park operator: the parks it operates (and manages them), and the clusters those parks
  belong to (read);
- provincial reviewer: the parks and clusters of the zones in their province (read);
- everyone else: none (the public sees a park's public page only).
"""

from __future__ import annotations

from django.db.models import QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope

from .models import Cluster, Park


def _active(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.organisation_id
    )


def visible_parks(user) -> QuerySet[Park]:
    qs = Park.objects.all()
    scoped = staff_scope(qs, user, operator="operator")
    return qs.none() if scoped is None else scoped


def can_manage_park(user, park: Park) -> bool:
    """Zone officials of the park's zone and the park's operator edit it."""
    if not _active(user) or user.role not in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        return False
    return visible_parks(user).filter(pk=park.pk).exists()


def visible_clusters(user) -> QuerySet[Cluster]:
    qs = Cluster.objects.all()
    if _active(user) and user.role == Role.PARK_OPERATOR:
        # the clusters one of its parks belongs to (a subquery: no duplicate rows)
        operated = Cluster.parks.through.objects.filter(park__operator=user.organisation_id)
        return qs.filter(pk__in=operated.values("cluster_id"))
    scoped = staff_scope(qs, user)
    return qs.none() if scoped is None else scoped


def can_manage_cluster(user, cluster: Cluster) -> bool:
    """A cluster's segments, memberships and targets are edited by its zone's officials and by
    the operators of its parks."""
    if not _active(user) or user.role not in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        return False
    return visible_clusters(user).filter(pk=cluster.pk).exists()
