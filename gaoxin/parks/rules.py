"""Who may see and change the parks' and clusters' pages (django-rules). The organisation
checks are in ``scoping.py``; these add the role gates the pages and the API ask first."""

from __future__ import annotations

import rules

from gaoxin.accounts.rules import is_park_operator, is_provincial_reviewer, is_zone_official

from .scoping import can_manage_cluster

# clusters
# Zone officials, park operators (the clusters of their parks) and provincial reviewers read
# clusters; zone officials create them; a cluster's segments, memberships and targets are
# managed by its zone's officials and the operators of its parks (scoping.can_manage_cluster).


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
