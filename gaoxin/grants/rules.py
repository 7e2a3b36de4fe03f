"""Who may see and run grant rounds.

- zone officials of the policy's zone manage rounds (``policies.manage_policy``);
- park operators of that zone and provincial reviewers whose province holds the zone read
  them (names and amounts; the facts behind an amount only for enterprises in their own
  registry scope);
- enterprise users see nothing internal (403): the public notices are for them and everyone;
  their own page, "Notices and payouts (免申即享)", lists the notices their enterprise was on;
- another zone's staff get 404 for a round (it does not exist for them).
"""

from __future__ import annotations

from gaoxin.accounts.choices import Role
from gaoxin.policies import rules as policy_rules

READ_ROLES = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_rounds(user) -> bool:
    """The role may open the rounds pages at all (which rounds: ``selectors.visible_rounds``)."""
    return _active(user) and user.role in READ_ROLES


def can_run_rounds(user) -> bool:
    """The role that runs rounds (for its own zone's policies)."""
    return _active(user) and user.role == Role.ZONE_OFFICIAL


def can_manage(user, policy) -> bool:
    """A zone official of ``policy``'s zone."""
    return _active(user) and policy_rules.can_manage(user, policy)


def can_lodge_objection(user, grant_round) -> bool:
    """An enterprise user of the round's zone may object online during the notice."""
    if not _active(user) or user.role != Role.ENTERPRISE_USER or not user.organisation_id:
        return False
    return user.organisation.home_zone == grant_round.policy.zone


def can_view_benefits(user) -> bool:
    """An enterprise user may open "Notices and payouts (免申即享)" (which rows: their own
    enterprise's, ``selectors.benefit_list``); every other role may not."""
    return _active(user) and user.role == Role.ENTERPRISE_USER
