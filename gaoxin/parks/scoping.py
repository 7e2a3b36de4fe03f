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

from .models import Cluster, Park


def _active(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.organisation_id
    )


def visible_parks(user) -> QuerySet[Park]:
    qs = Park.objects.all()
    if not _active(user):
        return qs.none()
    organisation = user.organisation
    if user.role == Role.ZONE_OFFICIAL:
        zone = organisation.home_zone
        return qs.filter(zone=zone) if zone else qs.none()
    if user.role == Role.PARK_OPERATOR:
        return qs.filter(operator=organisation)
    if user.role == Role.PROVINCIAL_REVIEWER:
        prefix = organisation.region_code[:2]
        return qs.filter(zone__region_code__startswith=prefix) if prefix else qs.none()
    return qs.none()


def can_manage_park(user, park: Park) -> bool:
    """Zone officials of the park's zone and the park's operator edit it."""
    if not _active(user) or user.role not in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        return False
    return visible_parks(user).filter(pk=park.pk).exists()


def visible_clusters(user) -> QuerySet[Cluster]:
    qs = Cluster.objects.all()
    if not _active(user):
        return qs.none()
    organisation = user.organisation
    if user.role == Role.ZONE_OFFICIAL:
        zone = organisation.home_zone
        return qs.filter(zone=zone) if zone else qs.none()
    if user.role == Role.PARK_OPERATOR:
        return qs.filter(
            pk__in=Cluster.parks.through.objects.filter(park__operator=organisation).values(
                "cluster_id"
            )
        )
    if user.role == Role.PROVINCIAL_REVIEWER:
        prefix = organisation.region_code[:2]
        return qs.filter(zone__region_code__startswith=prefix) if prefix else qs.none()
    return qs.none()


def can_manage_cluster(user, cluster: Cluster) -> bool:
    """A cluster's segments, memberships and targets are edited by its zone's officials and by
    the operators of its parks."""
    if not _active(user) or user.role not in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        return False
    return visible_clusters(user).filter(pk=cluster.pk).exists()
