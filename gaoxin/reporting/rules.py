"""Who may run and see the yearly reporting campaigns (年报填报).

- zone officials open, follow and close the campaigns of their own zone, and verify the
  submissions; another zone's campaign does not exist for them (404);
- enterprise users see the tasks of their own enterprise (a member of the zone; a partner
  outside the zone is never asked);
- every other role has no campaign page (403). Park operators and provincial reviewers see a
  campaign's progress over their own scope on the overview only.
"""

from __future__ import annotations

import rules

from gaoxin.accounts.choices import Role


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_run_campaigns(user) -> bool:
    """The role that opens and follows campaigns: a zone official with a zone."""
    return _active(user) and user.role == Role.ZONE_OFFICIAL and user.zone is not None


def can_manage(user, campaign) -> bool:
    """A zone official of ``campaign``'s zone."""
    return (
        campaign is not None
        and can_run_campaigns(user)
        and getattr(user.zone, "pk", None) == campaign.zone_id
    )


def can_see_tasks(user) -> bool:
    """An enterprise user (which tasks: those of their own enterprise, ``selectors.tasks_for``)."""
    return _active(user) and user.role == Role.ENTERPRISE_USER and bool(user.organisation_id)


@rules.predicate
def runs_campaigns(user) -> bool:
    return can_run_campaigns(user)


@rules.predicate
def manages_campaign(user, campaign) -> bool:
    return can_manage(user, campaign)


@rules.predicate
def sees_tasks(user) -> bool:
    return can_see_tasks(user)


rules.add_perm("reporting.view_campaign", manages_campaign)
rules.add_perm("reporting.add_campaign", runs_campaigns)
rules.add_perm("reporting.change_campaign", manages_campaign)
rules.add_perm("reporting.view_task", sees_tasks)
