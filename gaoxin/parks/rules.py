"""Who may see and manage parks, their platforms, buildings and spaces (django-rules), through
``scoping`` (role AND organisation):

- zone officials of the park's zone and the park's operator manage it;
- provincial reviewers of the province read it;
- zone officials create parks (run by one of the zone's park operators);
- every other role: no park pages (403); another organisation's park: 404 (the views look the
  park up in ``visible_parks``).

Clusters: zone officials, park operators (the clusters of their parks) and provincial
reviewers read them; zone officials create them; a cluster's segments, memberships and targets
are managed by its zone's officials and the operators of its parks (``can_manage_cluster``).
"""

from __future__ import annotations

import rules

from gaoxin.accounts.rules import is_park_operator, is_provincial_reviewer, is_zone_official

from .scoping import can_manage_cluster, visible_parks
from .scoping import can_manage_park as _can_manage


@rules.predicate
def park_is_visible(user, park) -> bool:
    return park is None or visible_parks(user).filter(pk=park.pk).exists()


@rules.predicate
def park_is_managed(user, park) -> bool:
    return park is not None and _can_manage(user, park)


rules.add_perm("parks.view_parks", is_zone_official | is_park_operator | is_provincial_reviewer)
rules.add_perm(
    "parks.view_park",
    (is_zone_official | is_park_operator | is_provincial_reviewer) & park_is_visible,
)
rules.add_perm("parks.manage_park", park_is_managed)
rules.add_perm("parks.create_park", is_zone_official)


def can_view_parks(user) -> bool:
    return rules.has_perm("parks.view_parks", user)


def can_view_park(user, park) -> bool:
    return rules.has_perm("parks.view_park", user, park)


def can_manage_park(user, park) -> bool:
    return rules.has_perm("parks.manage_park", user, park)


def can_create_park(user) -> bool:
    return rules.has_perm("parks.create_park", user)


# clusters


@rules.predicate
def manages_cluster(user, cluster) -> bool:
    return cluster is not None and can_manage_cluster(user, cluster)


rules.add_perm("parks.view_clusters", is_zone_official | is_park_operator | is_provincial_reviewer)
rules.add_perm("parks.create_cluster", is_zone_official)
rules.add_perm("parks.manage_cluster", manages_cluster)


def can_view_clusters(user) -> bool:
    return rules.has_perm("parks.view_clusters", user)


def can_create_cluster(user) -> bool:
    return rules.has_perm("parks.create_cluster", user)


def can_manage(user, cluster) -> bool:
    return rules.has_perm("parks.manage_cluster", user, cluster)
