"""Who may read and work on the investment pipeline (django-rules; objects via scoping).

- zone officials and park operators read and work on the leads in their scope;
- provincial reviewers read the leads of their province's zones;
- every other role gets 403; a lead out of scope is 404.
"""

from __future__ import annotations

import rules

from gaoxin.accounts.rules import is_park_operator, is_provincial_reviewer, is_zone_official

from .scoping import can_work_on


@rules.predicate
def works_on_lead(user, lead) -> bool:
    return lead is None or can_work_on(user, lead)


rules.add_perm(
    "investment.view_leads", is_zone_official | is_park_operator | is_provincial_reviewer
)
rules.add_perm("investment.work_on_lead", (is_zone_official | is_park_operator) & works_on_lead)


def can_view_leads(user) -> bool:
    return rules.has_perm("investment.view_leads", user)


def can_work(user, lead=None) -> bool:
    return rules.has_perm("investment.work_on_lead", user, lead)
