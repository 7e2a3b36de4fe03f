"""Who may see and move a fund's money (django-rules).

- zone officials of the policy's zone manage the zone's funds (commit, disburse, release,
  claw back);
- auditors of that zone read them (totals, commitments, entries);
- enterprise users see only what their own enterprise was committed and paid ("已享受政策");
- every other role gets 403; another zone's officials and auditors get 404 for a fund.
"""

from __future__ import annotations

import rules

from gaoxin.accounts.rules import is_auditor, is_enterprise_user, is_zone_official


@rules.predicate
def is_fund_of_own_zone(user, fund) -> bool:
    zone = user.organisation.home_zone if user.organisation_id else None
    return fund is None or (zone is not None and fund.policy.zone_id == zone.pk)


rules.add_perm("funds.view_funds", is_zone_official | is_auditor)
rules.add_perm("funds.view_fund", (is_zone_official | is_auditor) & is_fund_of_own_zone)
rules.add_perm("funds.manage_fund", is_zone_official & is_fund_of_own_zone)
rules.add_perm("funds.view_enjoyed", is_enterprise_user)


def can_view_funds(user) -> bool:
    return rules.has_perm("funds.view_funds", user)


def can_view_fund(user, fund) -> bool:
    return rules.has_perm("funds.view_fund", user, fund)


def can_manage_fund(user, fund=None) -> bool:
    return rules.has_perm("funds.manage_fund", user, fund)


def can_view_enjoyed(user) -> bool:
    return rules.has_perm("funds.view_enjoyed", user)
