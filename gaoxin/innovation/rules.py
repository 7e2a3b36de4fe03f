"""Who may read and work on institutes and projects (django-rules; objects via scoping.py)."""

from __future__ import annotations

import rules

from gaoxin.accounts.rules import (
    is_enterprise_user,
    is_park_operator,
    is_provincial_reviewer,
    is_zone_official,
)

from .scoping import can_manage_institute


@rules.predicate
def manages_institute(user, institute) -> bool:
    return institute is None or can_manage_institute(user, institute)


rules.add_perm(
    "innovation.view_institutes",
    is_zone_official | is_park_operator | is_provincial_reviewer | is_enterprise_user,
)
rules.add_perm(
    "innovation.manage_institute", (is_zone_official | is_park_operator) & manages_institute
)


# --- institutes ---
# --- projects ---
@rules.predicate
def manages_project(user, project) -> bool:
    return project is None or can_manage_institute(user, project.institute)


rules.add_perm(
    "innovation.view_projects",
    is_zone_official | is_park_operator | is_provincial_reviewer | is_enterprise_user,
)
rules.add_perm("innovation.manage_project", (is_zone_official | is_park_operator) & manages_project)
